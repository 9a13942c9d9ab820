"""Property tests over generated boards: load and save are exact inverses."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
import tempfile
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrboard.domain import schema
from okrboard.domain.ids import QuarterId
from okrboard.domain.model import (
    Board,
    CheckIn,
    KeyResult,
    Objective,
    OpportunityTree,
    Roadmap,
    RoadmapTheme,
    Team,
    TeamQuarter,
    TreeNode,
)
from okrboard.files import store
from okrboard.files.load import LoadedBoard, load_board

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ALNUM = _LOWER + "0123456789"
# The ids of [a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}, drawn without a regex (five times
# faster to generate, and generating is most of these tests' time).
slugs = st.builds(
    lambda head, rest, parts: "-".join([head + rest, *parts]),
    st.sampled_from(_LOWER),
    st.text(_ALNUM, max_size=6),
    st.lists(st.text(_ALNUM, min_size=1, max_size=5), max_size=2),
)
# Any text a user might type, control characters and all (no lone surrogates: not UTF-8).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
long_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda f: round(f, 3)),
)
days = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
confidence = st.integers(1, 10)
quarters = st.sampled_from(["2026-Q1", "2026-Q2", "2026-Q3"])


@functools.cache  # one strategy per argument: Hypothesis checks each new one again
def maybe(strategy):
    return st.none() | strategy


@functools.cache
def one_of_these(*values):
    return maybe(st.sampled_from(values))


@functools.cache
def up_to(low, high):
    return maybe(st.integers(low, high))


@functools.cache
def texts(size):
    return maybe(st.lists(text, max_size=size))


grades = maybe(st.floats(0, 1).map(lambda f: round(f, 2)))


@functools.cache
def checkins(quarter: str):
    """Check-ins as ``check`` accepts them: inside the quarter, one per day."""
    span = QuarterId.parse(quarter)
    return maybe(
        st.lists(
            st.builds(
                CheckIn,
                date=st.dates(span.start, span.end),
                value=numbers,
                confidence=maybe(confidence),
                note=maybe(long_text),
                blockers=maybe(text),
            ),
            max_size=4,
            unique_by=lambda checkin: checkin.date,
        )
    )


@st.composite
def key_results(draw, kid, quarter):
    base = draw(numbers)
    target = draw(numbers.filter(lambda t: t != base))
    done = draw(checkins(quarter))
    # ``current``, a copy of the newest check-in's value, may only agree with it
    newest = max(done, key=lambda checkin: checkin.date).value if done else None
    current = draw(maybe(numbers) if newest is None else st.sampled_from([None, newest]))
    return KeyResult(
        id=kid,
        title=draw(text),
        owner=draw(maybe(text)),
        rank=draw(up_to(0, 100)),
        description=draw(maybe(long_text)),
        unit=draw(one_of_these("%", "min", "$M", "★", "users")),
        baseline=base,
        target=target,
        current=current,
        weight=draw(one_of_these(0, 0.5, 1, 2)),
        kind=draw(one_of_these("metric", "milestone")),
        indicator=draw(one_of_these("leading", "lagging")),
        confidence=draw(maybe(confidence)),
        links=draw(texts(3)),
        grade=draw(grades),
        checkins=done,
    )


@st.composite
def okr_files(draw, quarter, team):
    tq = TeamQuarter(quarter=quarter, team=team)
    for oid in draw(st.lists(slugs, max_size=3, unique=True)):
        objective = Objective(
            id=oid,
            title=draw(text),
            owner=draw(maybe(text)),
            rank=draw(up_to(0, 9)),
            retro=draw(maybe(long_text)),
            decision=draw(one_of_these("keep", "modify", "abandon")),
        )
        for kid in draw(st.lists(slugs, max_size=3, unique=True)):
            objective.key_results[kid] = draw(key_results(kid, quarter))
        tq.objectives[oid] = objective
    return tq


@st.composite
def roadmaps(draw, team):
    roadmap = Roadmap(team=team)
    for tid in draw(st.lists(slugs, max_size=4, unique=True)):
        roadmap.themes[tid] = RoadmapTheme(
            id=tid,
            title=draw(text),
            horizon=draw(st.sampled_from(schema.HORIZONS)),
            rank=draw(up_to(0, 100)),
            problem=draw(maybe(long_text)),
            tags=draw(texts(3)),
            confidence=draw(maybe(confidence)),
        )
    return roadmap


@st.composite
def trees(draw, tree_id):
    tree = OpportunityTree(id=tree_id, title=draw(text), created=draw(maybe(days)))
    opportunities = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    for nid in opportunities:
        tree.nodes[nid] = TreeNode(
            id=nid,
            type="opportunity",
            title=draw(text),
            reach=draw(up_to(0, 10**6)),
            evidence=draw(texts(2)),
            target=draw(maybe(st.booleans())),
        )
    solution = draw(slugs.filter(lambda s: s not in tree.nodes))
    tree.nodes[solution] = TreeNode(
        id=solution, type="solution", title=draw(text), parent=opportunities[0], status="idea"
    )
    return tree


@st.composite
def boards(draw):
    teams = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    board = LoadedBoard(root=Path("."), name=draw(text), current_quarter="2026-Q3")
    board.teams = {t: Team(id=t, name=draw(text), rank=draw(up_to(0, 9))) for t in teams}
    for quarter in draw(st.lists(quarters, min_size=1, max_size=2, unique=True)):
        for team in teams:
            board.okrs[(quarter, team)] = draw(okr_files(quarter, team))
    for team in teams[:2]:
        board.roadmaps[team] = draw(roadmaps(team))
    outcomes = [ref for ref, _, _ in board.iter_key_results()]
    if outcomes:  # a tree needs a key result as its outcome
        tree_id = draw(slugs)
        board.trees[tree_id] = draw(trees(tree_id))
        board.trees[tree_id].outcome = draw(st.sampled_from(outcomes))
    return board


def plain_parts(board: Board) -> dict:
    """Everything the files hold, as plain data: what must survive a round trip."""
    parts = [board, *board.okrs.values(), *board.roadmaps.values(), *board.trees.values()]
    return dict(store.encoded(part) for part in parts)


def _write(board: Board, root: Path) -> Board:
    board.root = root
    written = store.save_all(board)
    assert sorted(written) == sorted(plain_parts(board))
    return load_board(root)


PROPERTY = settings(
    max_examples=int(os.environ.get("OKRBOARD_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(boards())
def test_save_then_load_is_the_identity(board):
    with tempfile.TemporaryDirectory() as tmp:
        loaded = _write(board, Path(tmp))
        assert [p for p in loaded.problems if p.severity == "error"] == []
        assert schema.same(plain_parts(loaded), plain_parts(board))


@PROPERTY
@given(boards())
def test_saving_a_loaded_board_is_byte_identical(board):
    with tempfile.TemporaryDirectory() as tmp:
        loaded = _write(board, Path(tmp))
        before = {p: p.read_bytes() for p in Path(tmp).rglob("*.toml")}
        assert store.save_all(loaded) == []
        assert before == {p: p.read_bytes() for p in Path(tmp).rglob("*.toml")}


@PROPERTY
@given(boards(), st.data())
def test_one_field_edit_changes_one_line(board, data):
    with tempfile.TemporaryDirectory() as tmp:
        loaded = _write(board, Path(tmp))
        krs = [(ref, kr) for ref, _, kr in loaded.iter_key_results()]
        if not krs:
            return
        ref, kr = data.draw(st.sampled_from(krs))
        new = data.draw(numbers.filter(lambda v: not schema.same(v, kr.current)))
        quarter, team = ref.split("/")[:2]
        path = Path(tmp) / "okrs" / quarter / f"{team}.toml"
        old_text = path.read_text(encoding="utf-8")
        old_current = kr.current
        kr.current = new
        store.save(loaded, loaded.okrs[(quarter, team)])
        changed = [
            line
            for line in difflib.unified_diff(
                old_text.splitlines(), path.read_text(encoding="utf-8").splitlines(), n=0
            )
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        had_current = kr.extra.get("current", old_current) is not None
        removed = [line for line in changed if line.startswith("-")]
        added = [line for line in changed if line.startswith("+")]
        assert len(added) == 1 and added[0].startswith("+current = ")
        assert len(removed) == (1 if had_current else 0)
        assert load_board(Path(tmp)).key_result(ref).current == new


def _tables(plain: dict, path: tuple = ()) -> list[tuple]:
    """The path of every section table in a file's plain content (items and their groups)."""
    found = []
    for key, value in plain.items():
        if isinstance(value, dict) and not isinstance(value, store.Inline):
            found += [(*path, key), *_tables(value, (*path, key))]
    return found


def _edited(plain: dict, path: tuple, key: str, value) -> dict:
    """``plain`` with ``key`` of the table at ``path`` set to ``value`` (None: removed)."""
    if not path:
        out = {k: v for k, v in plain.items() if k != key}
        return out if value is None else {**out, key: value}
    return {**plain, path[0]: _edited(plain[path[0]], path[1:], key, value)}


def _whole_render(text: str, plain: dict) -> str:
    import tomlkit

    doc = tomlkit.parse(text)
    store.sync(doc, plain)
    return doc.as_string()


values = st.one_of(numbers, text, st.booleans(), days, st.lists(numbers, max_size=3))


@PROPERTY
@given(boards(), st.data())
def test_an_edit_inside_one_table_is_written_as_the_whole_file_would_be(board, data):
    """The fast save re-renders only the edited table's sections: the bytes must be those
    of re-rendering the whole file, whatever the edit (a field set, added or removed)."""
    with tempfile.TemporaryDirectory() as tmp:
        _write(board, Path(tmp))
        rel, plain = data.draw(st.sampled_from(sorted(plain_parts(board).items())))
        text = (Path(tmp) / rel).read_text(encoding="utf-8")
        multiline = '"""' in text or "'''" in text  # a "[" line might be inside a string
        if not multiline and data.draw(st.booleans()):  # people write comments in files
            text = re.sub(r"(?m)^\[", "# a comment\n[", "# top\n" + text)
        path = data.draw(st.sampled_from(_tables(plain) or [()]))
        table = plain
        for key in path:
            table = table[key]
        scalars = [k for k, v in table.items() if not isinstance(v, dict)]
        key = data.draw(st.sampled_from(scalars) | slugs if scalars else slugs)
        if key in table and isinstance(table[key], dict):
            return
        new = _edited(plain, path, key, data.draw(st.none() | values))
        written = store.render(text, new)
        assert written == _whole_render(text, new)
        assert schema.same(tomllib.loads(written), new)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.booleans(),
        st.integers(),
        st.floats(),
        st.dates(),
        st.text(max_size=12),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12),
    )
)
def test_a_check_in_value_written_without_tomlkit_is_written_as_tomlkit_writes_it(value):
    import tomlkit

    made = store._plain_text(value)
    assert made is None or made == tomlkit.item(value).as_string()
