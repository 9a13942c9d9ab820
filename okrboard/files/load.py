"""Read a board directory into the model, collecting every problem on the way.

Files are parsed with the compiled reader (``files.toml``; tomlkit is for writing). A file
that cannot be parsed is reported with its line and left out; the rest of the board still
loads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from okrboard.domain import ids, schema
from okrboard.domain.ids import BOARD_FILE, KPI_DIR, OKR_DIR, ROADMAP_DIR, TREE_DIR
from okrboard.domain.model import Board, Settings, TeamQuarter, ranked
from okrboard.domain.problems import Issues, Problem, dotted
from okrboard.domain.validate import Memo, item_refs, validate
from okrboard.files import codec, conflicts, toml
from okrboard.files.locate import key_lines, line_of

_MARKER = re.compile(rb"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
MARKER_PROBLEM = "git conflict marker: finish the merge, then reload"


def is_board(root: Path) -> bool:
    return (Path(root) / BOARD_FILE).is_file()


def calendar(root: Path) -> ids.Calendar:
    """The board's calendar from board.toml's ``[settings]``, without loading the board;
    calendar quarters when the file or its settings cannot be read (``check`` says why)."""
    try:
        settings = toml.loads((Path(root) / BOARD_FILE).read_text("utf-8")).get("settings") or {}
        issues = Issues()
        fields = codec.decode_fields(settings, schema.SETTINGS, ("settings",), issues)
        return Settings(**fields).calendar
    except (OSError, ValueError, TypeError, AttributeError):
        return ids.CALENDAR


class Source:
    """One file as read: its bytes' digest (to detect changes on disk) and its text."""

    __slots__ = ("checked", "conflicts", "digest", "parsed", "plain", "text")

    def __init__(self, raw: bytes) -> None:
        self.digest = hashlib.sha256(raw).hexdigest()
        self.text: str | None = None
        self.parsed = False  # False for a file that could not be read as TOML: never written
        self.conflicts = 0  # merge conflicts recorded in it: read-only until resolved
        self.plain: dict | None = None  # the parsed file, kept once an edit asks for it
        # The problems validation found last, as issues and as problems: an edit elsewhere
        # finds the same issues here, and locating 2,400 of them again took 60 ms.
        self.checked: tuple[list, list[Problem]] | None = None

    @classmethod
    def seen(cls, digest: str, conflicts: int) -> Source:
        """A file read and let go elsewhere (``files.older``): what tells a change on disk."""
        source = cls(b"")
        source.digest, source.parsed, source.conflicts = digest, True, conflicts
        return source

    def let_go(self) -> None:
        """Keep only what tells a change on disk (the digest): the file was let go."""
        self.text, self.plain, self.checked = None, None, None

    def lines(self) -> dict[tuple, int]:
        """The line of each key path, scanned when a problem needs one. Not kept: at 500
        teams the maps of the files with a problem took 67 MB, more than their text."""
        return key_lines(self.text or "")


@dataclass(frozen=True)
class Shelf:
    """What a board keeps of an OKR file it let go: the references of the items it holds
    (another file's link into it is checked against them) and the problems found in it
    when it was checked with the board."""

    refs: frozenset[str]
    problems: tuple[Problem, ...]


@dataclass
class LoadedBoard(Board):
    """A board read from files, with what the loader keeps about them: how each file was
    read (what a save checks against), the problems found in each, the files a staged
    load has not read yet, and what validation found last."""

    # How each file was read (relative path -> Source).
    sources: dict[str, Source] = field(default_factory=dict, repr=False, compare=False)
    # Problems found reading each file; ``problems`` adds those across files.
    file_problems: dict[str, list[Problem]] = field(default_factory=dict, repr=False)
    # Files a staged load has not read yet (load_board(staged=True)); see load_pending.
    pending: list[str] = field(default_factory=list, repr=False, compare=False)
    # What validation found last: files not read again since are not checked again.
    checked: Any = field(default=None, repr=False, compare=False)
    # The day the board is checked as of: no check-in may come after it (None: today).
    today: dt.date | None = field(default=None, repr=False, compare=False)
    # Counts every file read or dropped and every new look at the problems: a view shown
    # again redraws only when it moved.
    version: int = field(default=0, repr=False, compare=False)
    # Gives each KR of an OKR file read its ``born`` day (``git.births``); None outside git.
    dater: Callable[[str, TeamQuarter], None] | None = field(
        default=None, repr=False, compare=False
    )
    # OKR files of older quarters read, checked and let go (``shelve``): what is kept of
    # each, by path. Read again when a view asks for the quarter (``load_pending``).
    shelved: dict[str, Shelf] = field(default_factory=dict, repr=False, compare=False)
    # The last file ``line`` scanned, and its lines.
    _located: tuple[Source, dict[tuple, int]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def quarters(self) -> list[str]:
        """Every quarter with an OKR file, held, still pending or let go, oldest first."""
        elsewhere = {
            key[0] for rel in [*self.pending, *self.shelved] if (key := ids.okr_file_key(rel))
        }
        return sorted(set(super().quarters) | elsewhere, key=ids.QuarterId.parse)

    @property
    def whole(self) -> bool:
        """Whether every file's items are held: none still to read, none let go."""
        return not self.pending and not self.shelved

    @property
    def unreadable(self) -> list[Problem]:
        """The first problem of each file that could not be read at all (not readable, not
        UTF-8, not TOML, merge markers): its items are missing, so the board is not whole."""
        return [
            found[0]
            for rel, found in sorted(self.file_problems.items())
            if found and not ((source := self.sources.get(rel)) and source.parsed)
        ]

    def line(self, rel: str, path: tuple) -> int | None:
        """The line of a key path in a file read (the last file asked is kept scanned: the
        coach asks for several of one file's lines, then the next file's)."""
        source = self.sources.get(rel)
        if source is None or source.text is None:
            return None
        if self._located is None or self._located[0] is not source:
            self._located = (source, source.lines())
        return line_of(self._located[1], path) or 1


def unreadable_files(*boards: Board) -> set[str]:
    """The files one of ``boards`` has but could not read: a comparison skips them (their
    items are unknown there, never "removed" or "added"). A file absent is not one."""
    return {
        p.file
        for b in boards
        if isinstance(b, LoadedBoard)
        for p in b.unreadable
        if p.file in b.sources
    }


def load_board(root: Path | str, staged: bool = False, today: dt.date | None = None) -> LoadedBoard:
    """Load the board at ``root``. Problems are in ``board.problems``; it never raises for
    bad content (only for an unreadable directory).

    ``staged``: read board.toml and the OKR files of the current quarter's first
    ``FIRST_TEAMS`` teams only, so the first view shows at once; the rest waits in
    ``board.pending`` for :func:`load_pending`, the current quarter's first.
    ``today``: the day it is checked as of (default: the real one).
    """
    board = LoadedBoard(root=Path(root), today=today)
    if not (board.root / BOARD_FILE).is_file():
        missing = Problem(BOARD_FILE, None, "", "not found: this folder is not a board")
        board.file_problems[BOARD_FILE] = [missing]
    rels = board_files(board.root, board.file_problems)
    if staged and rels[:1] == [BOARD_FILE]:
        _load_file(board, BOARD_FILE, _disk(board.root))
        rels = rels[1:]
        if board.current_quarter:  # without one, the first view needs every quarter
            first = _first_files(board, rels)
            board.pending = _pending_order(board, [rel for rel in rels if rel not in first])
            rels = [rel for rel in rels if rel in first]
    for rel in rels:
        _load_file(board, rel, _disk(board.root))
    refresh_problems(board)
    return board


FIRST_TEAMS = 8  # teams read before the first frame: more than a tall terminal shows


def _first_files(board: LoadedBoard, rels: list[str]) -> set[str]:
    """The current quarter's OKR files of the teams the OKR view lists first (by rank)."""
    return set(_current_quarter(board, rels)[:FIRST_TEAMS])


def _current_quarter(board: LoadedBoard, rels: list[str]) -> list[str]:
    """The current quarter's OKR files, in the OKR view's team order."""
    order = {t.id: i for i, t in enumerate(ranked(board.teams.values()))}
    folder = f"{OKR_DIR}/{board.current_quarter}/"
    found = [rel for rel in rels if rel.startswith(folder)]
    return sorted(found, key=lambda rel: (order.get(Path(rel).stem, len(order)), rel))


def _pending_order(board: LoadedBoard, rels: list[str]) -> list[str]:
    """The rest of the current quarter first, then KPIs, roadmaps and trees (other views
    show them), then the other quarters the app holds, newest first, then the older ones
    oldest first: each can then be checked and let go (``shelve``) as soon as it is read,
    as the quarter before it, which its links point into, is read already."""
    current = _current_quarter(board, rels)
    read_first = set(current)
    okrs = sorted((rel for rel in rels if rel.startswith(OKR_DIR + "/")), reverse=True)
    others = [rel for rel in rels if not rel.startswith(OKR_DIR + "/")]
    rest = [rel for rel in okrs if rel not in read_first]
    first = _first_held(board)
    newer = [rel for rel in rest if first is None or rel.split("/")[1] >= first]
    return current + others + newer + [rel for rel in reversed(rest) if rel not in newer]


def load_pending(board: LoadedBoard, count: int | None = None, under: tuple[str, ...] = ()) -> bool:
    """Read up to ``count`` (default: all) of the files a staged load left, only those
    whose paths start with one of ``under`` when given (the folders a view shows: files
    let go there are read again too); True when none are left. Problems across files are
    worked out again once the last is read."""
    if under and (back := [rel for rel in board.shelved if rel.startswith(under)]):
        for rel in back:
            del board.shelved[rel]
            _load_file(board, rel, _disk(board.root))
        refresh_problems(board)
    if not board.pending:
        return True
    chosen = [rel for rel in board.pending if rel.startswith(under)] if under else board.pending
    batch = chosen[:count]
    taken = set(batch)
    board.pending = [rel for rel in board.pending if rel not in taken]
    for rel in batch:
        if (board.root / rel).is_file():
            _load_file(board, rel, _disk(board.root))
    if not board.pending:
        refresh_problems(board)
    return not board.pending


def load_files(root: Path | str, files: dict[str, bytes], across: bool = True) -> LoadedBoard:
    """A board from file contents (``{relative path: bytes}``), such as a git revision's.
    ``across=False``: the files are a fragment (an item's history), not checked against
    each other."""
    board = LoadedBoard(root=Path(root))
    rels, found = classify(files)
    for problem in found:
        board.file_problems.setdefault(problem.file, []).append(problem)
    if BOARD_FILE not in files:
        missing = Problem(BOARD_FILE, None, "", "not found: this folder is not a board")
        board.file_problems[BOARD_FILE] = [missing]
    for rel in rels:
        _load_file(board, rel, files.__getitem__)
    if across:
        refresh_problems(board)
    return board


def part(board: LoadedBoard, rels: set[str]) -> LoadedBoard:
    """``board`` with only the items read from the files ``rels`` (and board.toml's): one
    side of a diff of those files, without comparing every other file."""
    return replace(
        board,
        okrs={key: tq for key, tq in board.okrs.items() if ids.okr_file(*key) in rels},
        roadmaps={t: r for t, r in board.roadmaps.items() if ids.roadmap_file(t) in rels},
        trees={t: tree for t, tree in board.trees.items() if ids.tree_file(t) in rels},
        kpis={t: k for t, k in board.kpis.items() if ids.kpi_file(t) in rels},
    )


def with_files(board: LoadedBoard, files: dict[str, bytes]) -> LoadedBoard:
    """A new board: ``board`` with ``files`` (``{relative path: bytes}``) read over it, to
    edit or check a change to a few files of a large board without reading the rest
    again. The other files' items are shared with ``board``, which stays as it was (so
    only the items of ``files`` may be edited); the problems are worked out again, each
    unchanged file's own kept."""
    out = replace(
        board,
        okrs=dict(board.okrs),
        roadmaps=dict(board.roadmaps),
        trees=dict(board.trees),
        kpis=dict(board.kpis),
        sources=dict(board.sources),
        file_problems=dict(board.file_problems),
        pending=list(board.pending),
    )
    for rel in files:
        _forget(out, rel)
        _load_file(out, rel, files.__getitem__)
    refresh_problems(out)
    return out


def _disk(root: Path) -> Callable[[str], bytes]:
    return lambda rel: (root / rel).read_bytes()


def reload_file(board: LoadedBoard, *rels: str) -> None:
    """Read files again (after a change on disk, an undo, a refused save), then the
    problems across files once (once per file, 50 files took 11 s). A new board.toml
    (teams, settings) may change any file's problems: the quarters let go are read and
    checked again with it, and let go again."""
    let_go = set()
    if BOARD_FILE in rels and board.shelved:
        let_go = {key[0] for rel in board.shelved if (key := ids.okr_file_key(rel))}
        rels = (*rels, *board.shelved)
        board.shelved.clear()
    for rel in rels:
        _forget(board, rel)
        if ids.inside_board(board.root, rel) and (board.root / rel).is_file():
            _load_file(board, rel, _disk(board.root))
    refresh_problems(board)
    if let_go:
        shelve(board, set(board.quarters) - let_go)


def wrote(board: LoadedBoard, files: dict[str, bytes]) -> None:
    """Files just saved from the board's own model (``{relative path: bytes written}``):
    each keeps its model, as decoding the bytes again would give it back (at 500 teams a
    measure run's 500 files took 1.2-1.5 s to decode again), and takes the bytes as its
    source. A file with problems of its own is read again: their lines may have moved.
    Then the problems, the saved files checked again."""
    again = []
    for rel, data in files.items():
        old = board.sources.get(rel)
        if old is None or not old.parsed or board.file_problems.get(rel):
            again.append(rel)
            continue
        source = board.sources[rel] = Source(data)
        source.text, source.parsed, source.conflicts = data.decode("utf-8"), True, old.conflicts
        board.version += 1
        if isinstance(memo := board.checked, Memo) and (seen := memo.files.get(rel)):
            memo.files[rel] = (None, seen[1], Issues())  # edited in place: checked again
        key = ids.okr_file_key(rel)
        if key is not None and board.dater is not None and key in board.okrs:
            board.dater(rel, board.okrs[key])  # a KR it adds is born today
    reload_file(board, *again)


def refresh_problems(board: LoadedBoard) -> None:
    """Recompute ``board.problems``: each file's own, then those across files."""
    board.version += 1
    problems = [p for found in board.file_problems.values() for p in found]
    unread = [rel for rel, source in board.sources.items() if not source.parsed]
    stamp = source.digest if (source := board.sources.get(BOARD_FILE)) else None
    shelved = {key: s.refs for rel, s in board.shelved.items() if (key := ids.okr_file_key(rel))}
    found, board.checked = validate(
        board, unread, board.pending, board.checked, stamp, board.today, shelved
    )
    problems += [p for shelf in board.shelved.values() for p in shelf.problems]
    for rel, issues in found.items():
        if issues and (source := board.sources.get(rel)) is not None:
            if source.checked is None or source.checked[0] != issues:
                made: list[Problem] = []
                _add_problems(made, rel, issues, source)
                source.checked = (list(issues), made)
            problems += source.checked[1]
    board.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.key))


def board_files(root: Path, problems: dict[str, list[Problem]]) -> list[str]:
    """Every board file under ``root`` (relative paths); misplaced ones go to ``problems``."""
    found: list[Problem] = []
    rels = []
    okrs = _entries(root / OKR_DIR)
    folders = [("", [e for e in _entries(root) if e.name == BOARD_FILE]), (OKR_DIR, okrs)]
    folders += [(f"{OKR_DIR}/{e.name}", _entries(Path(e.path))) for e in okrs if e.is_dir()]
    folders += [(d, _entries(root / d)) for d in (ROADMAP_DIR, TREE_DIR, KPI_DIR)]
    for folder, entries in folders:
        if folder and not ids.inside_board(root, folder):
            found.append(
                Problem(folder, None, "", "is a link to a folder outside the board; skipped")
            )
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if rel.endswith(".toml") and entry.is_file() and _inside(root, entry, rel, found):
                rels.append(rel)
    files, misplaced = classify(rels)
    for problem in found + misplaced:
        problems.setdefault(problem.file, []).append(problem)
    return files


def classify(rels: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Which of ``rels`` are board files, in load order; problems for misplaced ones."""
    okrs: list[str] = []
    roadmaps: list[str] = []
    trees: list[str] = []
    kpis: list[str] = []
    problems: list[Problem] = []
    bad_folders: set[str] = set()
    files = [BOARD_FILE] if BOARD_FILE in rels else []
    for rel in sorted(rels):
        parts = rel.split("/")
        if parts[-1].startswith(".") or not rel.endswith(".toml") or rel == BOARD_FILE:
            continue
        stem = parts[-1].removesuffix(".toml")
        if parts[0] == OKR_DIR and len(parts) == 2:
            problems.append(Problem(rel, None, "", "OKR files go in okrs/QUARTER/TEAM.toml"))
        elif parts[0] == OKR_DIR and len(parts) == 3 and not ids.is_quarter(parts[1]):
            folder = f"{OKR_DIR}/{parts[1]}"
            if folder not in bad_folders:
                bad_folders.add(folder)
                problems.append(Problem(folder, None, "", "not a quarter folder like 2026-Q3"))
        elif parts[0] in (OKR_DIR, ROADMAP_DIR, TREE_DIR, KPI_DIR) and len(parts) == (
            3 if parts[0] == OKR_DIR else 2
        ):
            if problem := ids.slug_problem(stem):
                problems.append(Problem(rel, None, "", f"file name: {problem}"))
            else:
                folders = {OKR_DIR: okrs, ROADMAP_DIR: roadmaps, TREE_DIR: trees, KPI_DIR: kpis}
                folders[parts[0]].append(rel)
    return files + kpis + okrs + roadmaps + trees, problems


def _load_file(board: LoadedBoard, rel: str, read: Callable[[str], bytes]) -> None:
    board.version += 1
    problems: list[Problem] = []
    board.file_problems[rel] = problems
    data = _read_toml(read, rel, board.sources, problems)
    if data is None:
        return
    issues = Issues()
    parts = Path(rel).parts
    if rel == BOARD_FILE:
        codec.decode_board(data, board, issues)
    elif parts[0] == OKR_DIR:
        quarter, team = parts[1], Path(rel).stem
        tq = board.okrs[(quarter, team)] = codec.decode_okrs(data, quarter, team, issues)
        if board.dater is not None:
            board.dater(rel, tq)
    elif parts[0] == ROADMAP_DIR:
        board.roadmaps[Path(rel).stem] = codec.decode_roadmap(data, Path(rel).stem, issues)
    elif parts[0] == KPI_DIR:
        board.kpis[Path(rel).stem] = codec.decode_kpis(data, Path(rel).stem, issues)
    else:
        board.trees[Path(rel).stem] = codec.decode_tree(data, Path(rel).stem, issues)
    _add_problems(problems, rel, issues, board.sources[rel])


ASKED = 4  # older quarters a view asked for that a board holds besides its own


def held_quarters(board: LoadedBoard, asked: list[str]) -> set[str]:
    """The quarters a board opened in the app holds as items: the current one, the one
    before (its carried KRs, the quarter-over-quarter view), any later (a next quarter
    drafted), and the last ``ASKED`` others a view asked for. A board without a current
    quarter holds them all."""
    first = _first_held(board)
    if first is None:
        return set(board.quarters)
    return {q for q in board.quarters if q >= first} | set(asked[-ASKED:])


def _first_held(board: LoadedBoard) -> str | None:
    """The oldest quarter a board holds of its own: the one before the current; None
    without a current quarter (then it holds them all)."""
    current = board.current_quarter
    return _previous(current) if current and ids.is_quarter(current) else None


def shelve(board: LoadedBoard, keep: Iterable[str]) -> list[str]:
    """Let go of the OKR files of every quarter not in ``keep`` whose files, and the
    quarter before's, are all read: each file's problems (checked with the board now) and
    the references of its items are kept, its items and text are not. A board that keeps
    every quarter then holds what a view shows, not its whole history. The quarters let
    go, oldest first."""
    pending = {key[0] for rel in board.pending if (key := ids.okr_file_key(rel))}
    quarters = {quarter for quarter, _ in board.okrs}
    going = sorted(
        (q for q in quarters - set(keep) - pending if _previous(q) not in pending),
        key=ids.QuarterId.parse,
    )
    if not going:
        return []
    refresh_problems(board)  # each file's problems, as the board stands now
    by_file: dict[str, list[Problem]] = {}
    for problem in board.problems:
        by_file.setdefault(problem.file, []).append(problem)
    for (quarter, team), tq in list(board.okrs.items()):
        if quarter not in going:
            continue
        rel = ids.okr_file(quarter, team)
        own = {id(p) for p in board.file_problems.get(rel, [])}  # kept in file_problems
        found = tuple(p for p in by_file.get(rel, []) if id(p) not in own)
        board.shelved[rel] = Shelf(item_refs(tq), found)
        del board.okrs[(quarter, team)]
        if (source := board.sources.get(rel)) is not None:
            source.let_go()
    board.version += 1  # (the problems stay what they were: the files' are kept)
    return going


def _previous(quarter: str) -> str:
    return str(ids.QuarterId.parse(quarter).previous())


def _forget(board: LoadedBoard, rel: str) -> None:
    """Drop what the board holds of one file."""
    board.version += 1
    board.sources.pop(rel, None)
    board.file_problems.pop(rel, None)
    board.shelved.pop(rel, None)
    parts = Path(rel).parts
    if parts[0] == OKR_DIR and len(parts) == 3:
        board.okrs.pop((parts[1], Path(rel).stem), None)
    elif parts[0] == ROADMAP_DIR:
        board.roadmaps.pop(Path(rel).stem, None)
    elif parts[0] == TREE_DIR:
        board.trees.pop(Path(rel).stem, None)
    elif parts[0] == KPI_DIR:
        board.kpis.pop(Path(rel).stem, None)


def _read_toml(
    read: Callable[[str], bytes], rel: str, sources: dict, problems: list[Problem]
) -> dict | None:
    try:
        raw = read(rel)
    except OSError as exc:
        problems.append(Problem(rel, None, "", f"cannot be read: {exc.strerror or exc}"))
        return None
    source = sources[rel] = Source(raw)
    markers = list(_MARKER.finditer(raw))
    # A lone "=======" is a Markdown underline in some description; a conflict has ends too.
    if any(m.group(1)[:1] in (b"<", b">") for m in markers):
        for m in markers:
            line = raw.count(b"\n", 0, m.start()) + 1
            problems.append(Problem(rel, line, "", MARKER_PROBLEM))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(rel, line, "", "not valid UTF-8 text (TOML files must be UTF-8)"))
        return None
    source.text = text
    try:
        data = toml.loads(text)
    except toml.TomlError as exc:
        line = exc.line or text.count("\n") + 1
        where = f" (column {exc.column})" if exc.column else ""
        problems.append(Problem(rel, line, "", f"TOML syntax error: {exc.message}{where}"))
        return None
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and _too_deep(data):
        deep = f"values nested more than {MAX_DEPTH} deep: no board file needs that many"
        problems.append(Problem(rel, None, "", deep))
        return None
    source.parsed = True
    recorded = data.get(conflicts.KEY)
    source.conflicts = len(recorded) if isinstance(recorded, list) else 0
    return data


MAX_DEPTH = 32  # tables and lists inside each other; a board file needs six or so


def _too_deep(data: dict) -> bool:
    """Whether lists and tables nest in ``data`` deeper than ``MAX_DEPTH``, walked without
    recursion (a file nested 3,000 deep must not exhaust Python's stack here, nor after)."""
    stack: list[tuple[dict | list, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((v, depth + 1) for v in children if isinstance(v, dict | list))
    return False


def _add_problems(problems: list[Problem], rel: str, issues: Issues, source: Source) -> None:
    lines = source.lines() if issues else {}
    for path, message, severity in issues:
        problems.append(Problem(rel, line_of(lines, path) or 1, dotted(path), message, severity))


def _entries(folder: Path) -> list[os.DirEntry]:
    """What a folder holds, by name; nothing when it is not there. (The disk watch lists
    the board every few seconds: ``os.scandir`` is several times faster than a glob.)"""
    try:
        with os.scandir(folder) as found:
            return sorted(found, key=lambda entry: entry.name)
    except OSError:  # not there, not a folder, not readable
        return []


def _inside(root: Path, entry: os.DirEntry, rel: str, problems: list[Problem]) -> bool:
    """Refuse a file that is a link leading out of the board."""
    if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root.resolve()):
        problems.append(Problem(rel, None, "", "is a link to a file outside the board; skipped"))
        return False
    return True
