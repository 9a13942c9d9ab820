"""Opportunity solution tree rules, without the UI."""

from __future__ import annotations

import pytest

from okrboard.domain import ost
from okrboard.domain.model import OpportunityTree, TreeNode
from okrboard.files.load import load_board
from tests.helpers import SAMPLE


def tree_of(*nodes: TreeNode) -> OpportunityTree:
    return OpportunityTree(id="t", title="T", nodes={n.id: n for n in nodes})


def node(id, type, parent=None, **fields):
    return TreeNode(id=id, type=type, title=id, parent=parent, **fields)


def sample():
    return load_board(SAMPLE).trees["activation"]


def test_flatten_collapse_focus_and_size_order():
    tree = sample()
    lines = ost.flatten(tree)
    assert [line.node.id for line in lines][:3] == [
        "blank-page",
        "guided-template",
        "users-pick-template",
    ]
    assert lines[0].depth == 0 and lines[1].depth == 1 and lines[0].has_children
    folded = ost.flatten(tree, collapsed={"blank-page"})
    assert [line.node.id for line in folded] == [
        "blank-page",
        "lonely-workspace",
        "invite-at-value",
        "invite-prompt-annoys",
        "invite-prompt-fake-door",
    ]
    assert folded[0].collapsed
    focused = ost.flatten(tree, focus="invite-at-value")
    assert focused[0].node.id == "invite-at-value"
    assert all(line.node.id in ost.subtree(tree, "invite-at-value") for line in focused)
    small = node("small", "opportunity", rank=1, reach=10, frequency=1, severity=1)
    large = node("large", "opportunity", rank=2, reach=100, frequency=2, severity=3)
    sized = tree_of(small, large)
    assert [line.node.id for line in ost.flatten(sized)] == ["small", "large"]
    assert [line.node.id for line in ost.flatten(sized, by_size=True)] == ["large", "small"]


def test_size_and_figures():
    tree = sample()
    assert ost.size(tree.nodes["blank-page"]) == 4200 * 1 * 4
    assert ost.size(tree.nodes["guided-template"]) is None
    assert ost.figures(tree, tree.nodes["blank-page"]) == "size 16,800"
    assert ost.figures(tree, tree.nodes["template-click-test"]) == "supported"


def test_solution_confidence_is_derived_from_assumptions_and_tests():
    tree = tree_of(
        node("s", "solution"),
        node("a1", "assumption", "s", importance=4, evidence=2),
        node("a2", "assumption", "s", importance=2, evidence=4),
    )
    # (4 x 0.4 + 2 x 0.8) / 6
    assert ost.confidence(tree, tree.nodes["s"]) == pytest.approx(3.2 / 6)
    tree.nodes["t1"] = node("t1", "test", "a1", result="supported")
    assert ost.confidence(tree, tree.nodes["s"]) == pytest.approx((4 * 0.9 + 2 * 0.8) / 6)
    tree.nodes["t1"].result = "refuted"
    assert ost.confidence(tree, tree.nodes["s"]) == pytest.approx((0 + 2 * 0.8) / 6)
    tree.nodes["t1"].result = "inconclusive"
    assert ost.confidence(tree, tree.nodes["s"]) == pytest.approx(3.2 / 6)
    assert ost.confidence(tree_of(node("s", "solution")), node("s", "solution")) is None


def test_riskiest_untested_assumption():
    tree = tree_of(
        node("s", "solution"),
        node("low", "assumption", "s", importance=2, evidence=4),
        node("high", "assumption", "s", importance=5, evidence=1),
        node("tested", "assumption", "s", importance=5, evidence=1),
        node("t", "test", "tested", result="supported"),
    )
    assert ost.riskiest_untested(tree, tree.nodes["s"]).id == "high"


def test_reparent_follows_the_shape_and_never_loops():
    tree = sample()
    ost.reparent(tree, "one-click-import", "lonely-workspace")
    assert tree.nodes["one-click-import"].parent == "lonely-workspace"
    with pytest.raises(ValueError):
        ost.reparent(tree, "one-click-import", "users-pick-template")  # not an opportunity
    with pytest.raises(ValueError):
        ost.reparent(tree, "blank-page", "import-friction")  # its own subtree
    with pytest.raises(ValueError):
        ost.reparent(tree, "guided-template", None)  # a solution at the top
    parents = ost.allowed_parents(tree, tree.nodes["import-friction"])
    assert None in parents and all(p is None or p.type == "opportunity" for p in parents)


def test_delete_subtree_counts_and_add_node_ranks():
    tree = sample()
    assert ost.delete_subtree(tree, "guided-template") == 5
    assert "template-click-test" not in tree.nodes
    added = ost.add_node(tree, "solution", "Setup concierge", "blank-page")
    assert added.id == "setup-concierge" and added.parent == "blank-page"
    assert ost.child_types(None) == ["opportunity"]
    assert ost.child_types(tree.nodes["blank-page"]) == ["opportunity", "solution"]
    assert ost.child_types(added) == ["assumption"]


def test_preregistration_and_links():
    tree = sample()
    assert ost.locked_criteria(tree.nodes["template-click-test"])
    assert not ost.locked_criteria(tree.nodes["template-coverage-survey"])
    board = load_board(SAMPLE)
    trees = ost.trees_for(board, "2026-Q4/growth/activation/activation-rate")
    assert [t.id for t in trees] == ["activation"]
    assert ost.ref(tree, "blank-page") == "tree/activation/blank-page"


def test_flatten_survives_a_loop():
    tree = tree_of(
        node("a", "opportunity", "b"), node("b", "opportunity", "a"), node("c", "opportunity")
    )
    assert [line.node.id for line in ost.flatten(tree)] == ["c"]
