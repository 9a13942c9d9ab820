"""Opportunity solution trees (Teresa Torres): shape, derived figures and edits. No textual.

The rules in one place:

- **Size** of an opportunity = reach x frequency x severity (when all three are known).
- **Belief** in an assumption: its evidence (1-5) as 0.2..1.0; a supported test raises it
  to at least 0.9, a refuted test drops it to 0; an inconclusive or pending test leaves it.
- **Confidence** of a solution: the mean belief of its assumptions, weighted by their
  importance (1-5, default 3). Never typed by hand; None without assumptions.
- **Riskiest untested assumption** of a solution: the one without a supported or refuted
  test with the highest importance x (6 - evidence).
- **Pre-registration**: a test's success criteria are fixed once it has a result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from okrboard.domain import ids, ranks, schema
from okrboard.domain.model import Board, OpportunityTree, TreeNode, ranked

ICONS = {"opportunity": "◆", "solution": "●", "assumption": "?", "test": "⚗"}
DEFAULT_IMPORTANCE = 3
DEFAULT_EVIDENCE = 1


@dataclass(frozen=True)
class Line:
    """One visible node of a flattened tree."""

    node: TreeNode
    depth: int
    has_children: bool
    collapsed: bool


def flatten(
    tree: OpportunityTree,
    collapsed: Set[str] = frozenset(),
    focus: str | None = None,
    by_size: bool = False,
) -> list[Line]:
    """The visible nodes, depth first. ``focus`` shows one branch only; ``by_size`` puts
    larger opportunities first among their siblings."""
    kids: dict[str | None, list[TreeNode]] = {}
    for node in tree.nodes.values():
        parent = node.parent if node.parent in tree.nodes else None
        kids.setdefault(parent, []).append(node)
    for items in kids.values():
        items[:] = ranked(items)
        if by_size:
            items.sort(key=lambda n: -(size(n) or 0))
    lines: list[Line] = []
    seen: set[str] = set()

    def walk(node: TreeNode, depth: int) -> None:
        if node.id in seen:  # a loop in the file: show each node once
            return
        seen.add(node.id)
        below = kids.get(node.id, [])
        folded = node.id in collapsed
        lines.append(Line(node, depth, bool(below), folded))
        if not folded:
            for child in below:
                walk(child, depth + 1)

    roots = [tree.nodes[focus]] if focus in tree.nodes else kids.get(None, [])
    for root in roots:
        walk(root, 0)
    return lines


def subtree(tree: OpportunityTree, node_id: str) -> list[str]:
    """``node_id`` and every node under it."""
    found, todo = [], [node_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(n.id for n in tree.nodes.values() if n.parent == current)
    return found


def size(node: TreeNode) -> float | None:
    reach, frequency, severity = node.reach, node.frequency, node.severity
    if node.type != "opportunity" or reach is None or frequency is None or severity is None:
        return None
    return reach * frequency * severity


def _tests(tree: OpportunityTree, assumption: TreeNode) -> list[TreeNode]:
    return [n for n in tree.nodes.values() if n.parent == assumption.id and n.type == "test"]


def belief(tree: OpportunityTree, assumption: TreeNode) -> float:
    evidence = assumption.evidence if isinstance(assumption.evidence, int) else DEFAULT_EVIDENCE
    value = evidence / 5
    results = {t.result for t in _tests(tree, assumption)}
    if "refuted" in results:
        return 0.0
    if "supported" in results:
        return max(value, 0.9)
    return value


def is_tested(tree: OpportunityTree, assumption: TreeNode) -> bool:
    return any(t.result in ("supported", "refuted") for t in _tests(tree, assumption))


def assumptions(tree: OpportunityTree, solution: TreeNode) -> list[TreeNode]:
    return [n for n in tree.children(solution.id) if n.type == "assumption"]


def confidence(tree: OpportunityTree, solution: TreeNode) -> float | None:
    """A solution's confidence 0..1 from its assumptions (see the module doc)."""
    items = assumptions(tree, solution)
    weights = [a.importance or DEFAULT_IMPORTANCE for a in items]
    if not items or not sum(weights):
        return None
    return sum(w * belief(tree, a) for w, a in zip(weights, items, strict=True)) / sum(weights)


def risk(assumption: TreeNode) -> int:
    evidence = assumption.evidence if isinstance(assumption.evidence, int) else DEFAULT_EVIDENCE
    return (assumption.importance or DEFAULT_IMPORTANCE) * (6 - evidence)


def riskiest_untested(tree: OpportunityTree, solution: TreeNode) -> TreeNode | None:
    untested = [a for a in assumptions(tree, solution) if not is_tested(tree, a)]
    return max(untested, key=risk, default=None)


def unregistered(node_type: str | None, result: object, criteria: object) -> str | None:
    """Pre-registration: why a test's ``result`` cannot stand without the success
    ``criteria`` written before it, or None. The one rule for the form and ``check``."""
    if node_type == "test" and result and not criteria:
        return (
            "a result needs success criteria written before it (what result would support "
            "the assumption?): write them first"
        )
    return None


def locked_criteria(node: TreeNode) -> bool:
    """Pre-registration: a test's success criteria are fixed once a result is recorded."""
    return node.type == "test" and node.result is not None


def overdue(node: TreeNode, today: dt.date) -> bool:
    """A test still waiting for its result after its due date."""
    return node.type == "test" and node.result is None and node.due is not None and node.due < today


def legend() -> str:
    """What the glyphs of a tree mean, in one line."""
    return "  ".join(f"{icon} {kind}" for kind, icon in ICONS.items()) + "  ◎ target"


def allowed_parents(tree: OpportunityTree, node: TreeNode) -> list[TreeNode | None]:
    """Where ``node`` may move: parents of a fitting type, never inside its own subtree.
    None stands for the top of the tree."""
    fits = schema.NODE_PARENTS.get(node.type or "", ())
    inside = set(subtree(tree, node.id))
    found: list[TreeNode | None] = [None] if None in fits else []
    found += [n for n in ranked(tree.nodes.values()) if n.type in fits and n.id not in inside]
    return found


def reparent(tree: OpportunityTree, node_id: str, parent: str | None) -> None:
    """Move a node (with its subtree) under ``parent``: one line, ``parent``, changes."""
    node = tree.nodes[node_id]
    if parent is not None and parent not in [p.id for p in allowed_parents(tree, node) if p]:
        raise ValueError(f"{node.type} {node_id!r} cannot move under {parent!r}")
    if parent is None and None not in allowed_parents(tree, node):
        raise ValueError(f"a {node.type} cannot sit at the top of the tree")
    node.parent = parent


def delete_subtree(tree: OpportunityTree, node_id: str) -> int:
    """Delete a node and everything under it; how many nodes went."""
    doomed = subtree(tree, node_id)
    for item in doomed:
        del tree.nodes[item]
    return len(doomed)


def add_node(
    tree: OpportunityTree, node_type: str, title: str, parent: str | None, **fields: Any
) -> TreeNode:
    """A new node with an id made from its title, ranked last among its siblings."""
    siblings = tree.children(parent)
    return ranks.add_item(
        tree.nodes, TreeNode, title, siblings, type=node_type, parent=parent, **fields
    )


def child_types(parent: TreeNode | None) -> list[str]:
    """The node types that may go under ``parent`` (None: the top of the tree)."""
    parent_type = parent.type if parent else None
    return [t for t, fits in schema.NODE_PARENTS.items() if parent_type in fits]


def trees_for(board: Board, kr_ref: str) -> list[OpportunityTree]:
    """The trees rooted at a key result."""
    return [t for _, t in sorted(board.trees.items()) if t.outcome == kr_ref]


def figures(tree: OpportunityTree, node: TreeNode) -> str:
    """A node's key figures in a few words, for the tree view."""
    if node.type == "opportunity":
        value = size(node)
        return "" if value is None else f"size {value:,.0f}"
    if node.type == "solution":
        value = confidence(tree, node)
        return "confidence —" if value is None else f"confidence {value:.0%}"
    if node.type == "assumption":
        imp = node.importance or DEFAULT_IMPORTANCE
        ev = node.evidence if isinstance(node.evidence, int) else DEFAULT_EVIDENCE
        return f"importance {imp} · evidence {ev}"
    if node.type == "test":
        return node.result or (f"due {node.due}" if node.due else "pending")
    return ""


def ref(tree: OpportunityTree, node_id: str) -> str:
    return str(ids.Ref("node", (tree.id, node_id)))
