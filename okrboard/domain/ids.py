"""Ids, references and quarter names: the one place for their rules.

An id is a slug (``time-to-value``) used as a TOML table key. A reference names an item
across the board by the path of ids that leads to it:

- objective: ``2026-Q3/growth/activation``
- key result: ``2026-Q3/growth/activation/time-to-value``
- roadmap theme: ``roadmap/growth/guided-setup``
- tree node: ``tree/activation/template-gallery``
- KPI: ``kpi/growth/nps``

The quarter and team come first because they are the OKR file's path
(``okrs/2026-Q3/growth.toml``), so a reference says which file to open.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from okrboard.domain.cache import memoized

SLUG_MAX = 64
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def is_slug(text: str) -> bool:
    """True for a lower-case id of letters, digits and inner hyphens, at most 64 long."""
    return isinstance(text, str) and _SLUG.fullmatch(text) is not None and "--" not in text


def slug_problem(text: str) -> str | None:
    """Why ``text`` is not a usable id, or None when it is one."""
    if not isinstance(text, str) or not text:
        return "an id must not be empty"
    if len(text) > SLUG_MAX:
        return f"an id is at most {SLUG_MAX} characters long"
    if not is_slug(text):
        return (
            f"{text!r} is not an id: use lower-case letters, digits and single hyphens "
            f"(e.g. {slugify(text) or 'my-id'!r})"
        )
    return None


def inside_board(root: Path, rel: str) -> bool:
    """Whether ``rel`` names a path inside the board at ``root``: relative, no ``..``,
    ``.`` or empty part, no backslash or NUL, and inside once links are followed. Files
    are named from teams, quarters and ids; one of those from a hostile file (``../..``)
    must not reach outside the board, for reading or writing."""
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        return False
    return Path(root, rel).resolve().is_relative_to(_resolved(os.path.abspath(root)))


@memoized(maxsize=8)  # measure checks 6,000 sources' paths against one root
def _resolved(root: str) -> Path:
    """The board's folder (absolute: "." moves with the current folder), links followed.
    Kept: a link moved since can only make a path seem outside the board, never inside."""
    return Path(root).resolve()


def slugify(text: str) -> str:
    """A slug made from free text: ``"Time to Value!"`` -> ``"time-to-value"``; any
    script is transliterated first: ``"Удержание клиентов"`` -> ``"uderzhanie-klientov"``."""
    if not text.isascii():
        # lazy: the transliteration tables cost 36 ms to import; most titles are ASCII
        from anyascii import anyascii

        text = anyascii(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def unique_slug(text: str, taken: set[str] | dict) -> str:
    """A slug of ``text`` that is not in ``taken`` (``-2``, ``-3`` … appended)."""
    base = slugify(text) or "item"
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


# -- quarters -----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class QuarterId:
    """A quarter, ``2026-Q3``: the third quarter of the (fiscal) year named 2026.

    ``offset`` is where that year begins, in months from January of ``year``: 0 for the
    calendar year, 1 for a year from February, -11 for a year from February named by the
    year it ends in. Read a board's quarters through its :class:`Calendar`."""

    year: int
    number: int
    offset: int = field(default=0, compare=False)

    @classmethod
    def parse(cls, text: str, offset: int = 0) -> QuarterId:
        match = _QUARTER.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a quarter: write it as YYYY-QN, e.g. 2026-Q3")
        return cls(int(match[1]), int(match[2]), offset)

    @classmethod
    def containing(cls, day: dt.date, offset: int = 0) -> QuarterId:
        months = day.year * 12 + day.month - 1 - offset
        return cls(months // 12, months % 12 // 3 + 1, offset)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> dt.date:
        months = self.year * 12 + self.offset + 3 * (self.number - 1)
        return dt.date(months // 12, months % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> QuarterId:
        return QuarterId(self.year + self.number // 4, self.number % 4 + 1, self.offset)

    def previous(self) -> QuarterId:
        return QuarterId(self.year - (self.number == 1), (self.number - 2) % 4 + 1, self.offset)


@dataclass(frozen=True)
class Calendar:
    """How a board names its quarters: the month its year starts (``year_start_month``)
    and whether a fiscal year is named by the year it starts or ends in."""

    start_month: int = 1
    named_by: str = "start"

    @property
    def offset(self) -> int:
        shift = self.start_month - 1
        return shift - 12 if self.named_by == "end" and shift else shift

    def quarter(self, text: str) -> QuarterId:
        """The quarter named ``text``; raises ValueError for a name that is not one."""
        return QuarterId.parse(text, self.offset)

    def containing(self, day: dt.date) -> QuarterId:
        return QuarterId.containing(day, self.offset)

    def span(self, quarter: str) -> tuple[dt.date, dt.date]:
        """The quarter's first and last day; raises ValueError for a name that is not one."""
        return _span(self.offset, quarter)

    def first_day(self, quarter: str) -> dt.date:
        return self.quarter(quarter).start

    def last_day(self, quarter: str) -> dt.date:
        return self.quarter(quarter).end


CALENDAR = Calendar()  # calendar quarters, for a board without settings


@memoized(maxsize=1024)
def _span(offset: int, quarter: str) -> tuple[dt.date, dt.date]:
    # Asked for each check-in and each KR scored: an organisation board asks 60,000 times.
    q = QuarterId.parse(quarter, offset)
    return q.start, q.end


def is_quarter(text: str) -> bool:
    return isinstance(text, str) and _QUARTER.fullmatch(text) is not None


# -- the files of a board ------------------------------------------------------------------

BOARD_FILE = "board.toml"
OKR_DIR, ROADMAP_DIR, TREE_DIR, KPI_DIR = "okrs", "roadmaps", "trees", "kpis"


def close_tag(quarter: str, team: str) -> str:
    """The git tag on the commit that closed ``quarter`` for ``team``."""
    return f"closed/{quarter}/{team}"


def okr_file(quarter: str, team: str) -> str:
    """The OKR file of a team's quarter, relative to the board: ``okrs/2026-Q3/growth.toml``."""
    return f"{OKR_DIR}/{quarter}/{team}.toml"


def roadmap_file(team: str) -> str:
    return f"{ROADMAP_DIR}/{team}.toml"


def tree_file(tree: str) -> str:
    return f"{TREE_DIR}/{tree}.toml"


def kpi_file(team: str) -> str:
    return f"{KPI_DIR}/{team}.toml"


def okr_file_key(rel: str) -> tuple[str, str] | None:
    """``(quarter, team)`` of an OKR file's path; None for any other path."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == OKR_DIR and parts[2].endswith(".toml"):
        return parts[1], parts[2].removesuffix(".toml")
    return None


# -- references ---------------------------------------------------------------------------


RefKind = Literal["objective", "key_result", "theme", "node", "kpi"]


@dataclass(frozen=True)
class Ref:
    """A parsed reference; ``kind`` is ``objective``, ``key_result``, ``theme``, ``node`` or
    ``kpi``.

    ``parts`` are the ids after the prefix: (quarter, team, objective[, kr]) for OKRs,
    (team, theme) for a roadmap card, (tree, node) for a tree node, (team, kpi) for a KPI.
    Build one with the constructors, read one with :func:`parse_ref`; ``str()`` gives the
    text form."""

    kind: RefKind
    parts: tuple[str, ...]

    @classmethod
    def to_objective(cls, quarter: str, team: str, objective: str) -> Ref:
        return cls("objective", (quarter, team, objective))

    @classmethod
    def to_key_result(cls, quarter: str, team: str, objective: str, kr: str) -> Ref:
        return cls("key_result", (quarter, team, objective, kr))

    @classmethod
    def to_card(cls, team: str, theme: str) -> Ref:
        return cls("theme", (team, theme))

    @classmethod
    def to_node(cls, tree: str, node: str) -> Ref:
        return cls("node", (tree, node))

    @classmethod
    def to_kpi(cls, team: str, kpi: str) -> Ref:
        return cls("kpi", (team, kpi))

    def __str__(self) -> str:
        prefix = {"theme": ("roadmap",), "node": ("tree",), "kpi": ("kpi",)}.get(self.kind, ())
        return "/".join(prefix + self.parts)

    @property
    def id(self) -> str:
        """The item's own id: the last part."""
        return self.parts[-1]

    @property
    def quarter(self) -> str | None:
        return self.parts[0] if self.kind in ("objective", "key_result") else None

    @property
    def team(self) -> str | None:
        """The team whose file holds the item (None for a tree node: trees are by tree)."""
        if self.kind in ("objective", "key_result"):
            return self.parts[1]
        return self.parts[0] if self.kind in ("theme", "kpi") else None

    @property
    def tree(self) -> str | None:
        return self.parts[0] if self.kind == "node" else None

    @property
    def parent(self) -> Ref | None:
        """A key result's objective; None for the others (a node's parent is in its file)."""
        return Ref("objective", self.parts[:3]) if self.kind == "key_result" else None

    @property
    def file(self) -> str:
        """The board file that holds the item, relative to the board."""
        if self.kind == "theme":
            return roadmap_file(self.parts[0])
        if self.kind == "node":
            return tree_file(self.parts[0])
        if self.kind == "kpi":
            return kpi_file(self.parts[0])
        return okr_file(self.parts[0], self.parts[1])


_PREFIXES: dict[str, RefKind] = {"roadmap": "theme", "tree": "node", "kpi": "kpi"}


def parse_ref(text: str) -> Ref:
    """Parse a reference; raises ValueError with a message fit to show a user."""
    if not isinstance(text, str):
        raise ValueError("a reference must be a string")
    parts = tuple(text.split("/"))
    head = parts[0]
    rest: tuple[str, ...]
    kind: RefKind
    if head in _PREFIXES and len(parts) == 3:
        kind, rest = _PREFIXES[head], parts[1:]
    elif is_quarter(head) and len(parts) in (3, 4):
        kind, rest = ("objective" if len(parts) == 3 else "key_result"), parts
    else:
        raise ValueError(
            f"{text!r} is not a reference: expected QUARTER/TEAM/OBJECTIVE[/KR], "
            "roadmap/TEAM/THEME, tree/TREE/NODE or kpi/TEAM/KPI"
        )
    for part in rest[1:] if kind in ("objective", "key_result") else rest:
        if problem := slug_problem(part):
            raise ValueError(f"in reference {text!r}: {problem}")
    return Ref(kind, rest)


def kr_ref(quarter: str, team: str, objective: str, kr: str) -> str:
    return f"{quarter}/{team}/{objective}/{kr}"  # str(Ref.to_key_result(...)), made often


def objective_ref(quarter: str, team: str, objective: str) -> str:
    return f"{quarter}/{team}/{objective}"


def child_ref(parent: str, item: str) -> str:
    """The reference of ``item`` inside ``parent``: an objective's key result."""
    return f"{parent}/{item}"


# Lenient readings of a reference's parts, for text that may not be a valid reference (a
# link typed in a file): each returns what stands there, never raises. parse_ref checks.


def quarter_of(ref: str) -> str:
    """The first part: an OKR reference's quarter."""
    return ref.split("/")[0]


def team_of(ref: str) -> str:
    """The second part: an OKR reference's team."""
    parts = ref.split("/")
    return parts[1] if len(parts) > 1 else ""


def id_of(ref: str) -> str:
    """The last part: the item's own id."""
    return ref.rsplit("/", 1)[-1]


def objective_of(ref: str) -> str:
    """An OKR reference cut to its objective (a KR's objective; an objective itself)."""
    return "/".join(ref.split("/")[:3])


def card_ref(team: str, theme: str) -> str:
    return str(Ref.to_card(team, theme))


def node_ref(tree: str, node: str) -> str:
    return str(Ref.to_node(tree, node))


def kpi_ref(team: str, kpi: str) -> str:
    return str(Ref.to_kpi(team, kpi))
