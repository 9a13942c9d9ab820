"""``okrboard mcp``: the board to an agent over the Model Context Protocol (the official
SDK's ``MCPServer``), over stdio or Streamable HTTP on 127.0.0.1.

An agent reads everything and proposes anything; a proposal is one commit on a new
branch a person reviews (``flows.propose``), never a write to the working tree. Every
tool calls the flows and reports the app and the command line call, reads the board
afresh (another writer's change is seen), says which files could not be read, and turns
a bad request into a tool error that names the problem. Nothing here runs a program or
reaches a host a board file names: metric sources stay ``okrboard measure``'s."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.server.mcpserver.prompts.base import UserMessage
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from okrboard import __version__
from okrboard.domain import coach, ids, links, public, semdiff
from okrboard.domain.text import safe_json
from okrboard.files.load import LoadedBoard
from okrboard.files.userconfig import me
from okrboard.flows import compare, propose
from okrboard.git import history
from okrboard.git import revisions as git_revisions
from okrboard.git.live import LiveBoard
from okrboard.git.runner import GitError
from okrboard.reports import briefing
from okrboard.reports import quarters as quarter_diff

INSTRUCTIONS = """\
okrboard keeps a team's OKRs, roadmap and opportunity trees as TOML files in git.
Start with board_summary: it has the quarters, teams, counts, what is due and how
references are written. Read with search, get_item, attention, lint and diff. You
cannot change the board directly: propose_checkins and propose_edits commit your
change on a new branch (propose/...) for a person to review as a pull request; the
working tree and the current branch are never touched, and nothing is pushed."""

READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
PROPOSE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)


class CheckinIn(BaseModel):
    ref: str = Field(description="The KR or KPI: a reference or a bare id (activation-rate)")
    value: float | str = Field(
        description="The value measured, in the KR's unit; a binary KR takes done or not yet"
    )
    date: str | None = Field(
        None, description="YYYY-MM-DD, in the KR's quarter, not after today (default today)"
    )
    confidence: int | None = Field(None, description="1-10: how sure the target will be met")
    note: str | None = Field(None, description="What moved the number, one or two lines")


class EditIn(BaseModel):
    ref: str = Field(description="The item: a reference or a bare id")
    field: str = Field(description="The field's key as docs/format.md writes it: target, owner")
    value: str | float | int | list[str] | None = Field(
        description="The new value, as the file or a form would take it; null clears it"
    )
    reason: str | None = Field(
        None, description="Why a target moves after its quarter began: required then"
    )


class NewItemIn(BaseModel):
    kind: str = Field(description="objective or key_result")
    parent: str = Field(
        description="For an objective QUARTER/TEAM (2026-Q4/growth); for a key result its "
        "objective's reference"
    )
    title: str = Field(description="The title: an outcome, with a from-to for a KR")
    fields: dict[str, str | float | int | list[str]] = Field(
        default_factory=dict,
        description="Other fields by key: owner, unit, baseline, target, aligns_to …",
    )


def _docs(name: str) -> str:
    """docs/NAME.md: in the wheel beside the package, or in a checkout above it."""
    here = Path(__file__).resolve().parents[1]
    for folder in (here / "docs", here.parent / "docs"):
        if (path := folder / f"{name}.md").is_file():
            return path.read_text(encoding="utf-8")
    raise ResourceError(f"docs/{name}.md is not installed with this okrboard")


class Board:
    """The board a server answers about: kept loaded and brought up to date with the
    disk on each call (``git.live``), so another writer's change is seen; redacted once
    per version when public."""

    def __init__(self, root: Path, public: bool) -> None:
        self.root = root
        self.public = public
        self._live = LiveBoard(root)
        self._shown: tuple[tuple[int, dt.date], LoadedBoard] | None = None

    @contextmanager
    def reading(self) -> Iterator[tuple[LoadedBoard, dt.date]]:
        """The board (public if the server is), and today, for one call."""
        with self._live.reading() as (board, today):
            if not self.public:
                yield board, today
                return
            stamp = (board.version, today)
            if self._shown is None or self._shown[0] != stamp:
                self._shown = (stamp, public.redact(board))
            yield self._shown[1], today

    def unreadable(self, board: LoadedBoard) -> list[str]:
        return [str(problem) for problem in board.unreadable]

    def ref(self, board: LoadedBoard, text: str) -> str:
        try:
            return links.one(links.every_ref(board), text, board.current_quarter)
        except links.NotFound as exc:
            raise ToolError(str(exc)) from None


def build(
    root: Path, public_only: bool = False, read_only: bool = False, warm: bool = False
) -> MCPServer:
    """The server for the board at ``root``. ``public_only``: what ``--public`` shows
    anyone (owners, notes, confidence and internal cards left out), and no proposals;
    ``read_only``: no propose tools; ``warm``: read the board now, in a thread, so the
    first call does not wait for it (the client is still connecting)."""
    server: MCPServer = MCPServer(
        "okrboard", title="okrboard", version=__version__, instructions=INSTRUCTIONS
    )
    source = Board(root, public_only)
    if warm:
        proposing = not (read_only or public_only)
        threading.Thread(target=_warm, args=(source, proposing), daemon=True).start()

    def answer(board: LoadedBoard, **content: Any) -> dict[str, Any]:
        """Every answer says which files could not be read: the board is not whole then."""
        return {**content, "unreadable_files": source.unreadable(board)}

    @server.tool(annotations=READ)
    def board_summary() -> dict[str, Any]:
        """Orient yourself in one call: the board's name, today, its current quarter and
        every quarter it has, teams with their leads and parents, the current quarter's
        objectives and key results with their status, counts by status, KPI health, the
        check-ins due within a week, and how references are written."""
        with source.reading() as (board, today):
            return briefing.summary(board, today, source.unreadable(board))

    @server.tool(annotations=READ)
    def search(
        text: Annotated[str, Field(description="Words in a title, id, owner or note")],
    ) -> dict[str, Any]:
        """Items (objectives, key results, KPIs, roadmap cards, tree nodes) whose title,
        id, owner, description or check-in notes hold the text, with reference, kind and
        status; the current quarter's first, at most 25."""
        with source.reading() as (board, today):
            return answer(board, items=briefing.search(board, text, today))

    @server.tool(annotations=READ)
    def get_item(
        ref: Annotated[str, Field(description="A reference or a bare id: activation-rate")],
    ) -> dict[str, Any]:
        """One item in full: its fields, check-ins, progress, grade, status and forecast
        (a key result), the coach's findings on it, and its history from git (each
        commit's field changes, author and date)."""
        with source.reading() as (board, today):
            found = source.ref(board, ref)
            entries = [] if source.public else _history(root, found)
            return answer(board, item=briefing.item(board, found, today, entries))

    @server.tool(annotations=READ)
    def attention(
        team: Annotated[str | None, Field(description="A team's id, to see only it")] = None,
        owner: Annotated[
            str | None, Field(description="An owner's name, or 'me' (the user's config)")
        ] = None,
    ) -> dict[str, Any]:
        """What needs a person in the current quarter: key results off track, at risk,
        stale or missed, targets moved after the quarter began, check-ins due within a
        week, and KPIs outside their healthy band."""
        with source.reading() as (board, today):
            if team is not None and team not in board.teams:
                raise ToolError(f"no team {team!r}; teams: {', '.join(board.teams)}")
            who = me() if owner == "me" else owner
            if owner == "me" and who is None:
                raise ToolError('no "me" in the user\'s okrboard config (me = "Your Name")')
            moved = _moved(root, board) if not source.public else set()
            return answer(board, **briefing.attention(board, today, moved, team, who))

    @server.tool(annotations=READ)
    def lint(
        ref: Annotated[
            str | None, Field(description="One item to lint (default: the whole board)")
        ] = None,
        revision: Annotated[
            str | None,
            Field(description="A branch or commit to lint instead, e.g. a proposal's branch"),
        ] = None,
    ) -> dict[str, Any]:
        """The coach's findings (how well OKRs are written and kept, docs/coach.md) and
        the problems `okrboard check` reports, for the board, one item, or a revision such
        as a proposal's branch."""
        with source.reading() as (board, today):
            if revision is not None:
                try:
                    board = git_revisions.board_at(root, revision)
                except GitError as exc:
                    raise ToolError(str(exc)) from None
                board = public.redact(board) if source.public else board
            found = None if ref is None else source.ref(board, ref)
            findings = [
                f.as_dict()
                for f in coach.review(board, board.current_quarter, today)
                if found is None or f.ref == found or f.ref.startswith(f"{found}/")
            ]
            problems = [
                str(p) for p in board.problems if found is None or p.file == history.file_of(found)
            ]
            return answer(board, findings=findings, problems=problems)

    @server.tool(annotations=READ)
    def diff(
        revisions: Annotated[
            str | None,
            Field(
                description="'A B', 'A..B' or 'A...B' (B's own changes since it left A), "
                "or one revision (to the working tree); none: the uncommitted changes",
            ),
        ] = None,
        quarters: Annotated[
            str | None,
            Field(description="Two quarters to compare: '2026-Q3 2026-Q4'"),
        ] = None,
    ) -> dict[str, Any]:
        """What changed, item by item and field by field (the semantic diff): between
        revisions, or quarter over quarter."""
        if quarters:
            return _quarters(source, quarters)
        parts = (revisions or "").split()
        if len(parts) > 2:
            raise ToolError("give one or two revisions, or A..B, or A...B")
        try:
            second = parts[1] if len(parts) == 2 else None
            found = compare.revisions(root, parts[0] if parts else "HEAD", second)
        except GitError as exc:
            raise ToolError(str(exc)) from None
        changes = found.changes
        if source.public:
            changes = semdiff.diff(public.redact(found.old), public.redact(found.new))
        assert found.span is not None
        return answer(
            found.new,
            compared=found.span.text,
            lines=[semdiff.describe(c) for c in changes],
            changes=[c.as_dict() for c in changes],
            commits=[] if source.public else [vars(c) for c in found.commits],
        )

    if not (read_only or public_only):

        @server.tool(annotations=PROPOSE)
        def propose_checkins(
            checkins: Annotated[list[CheckinIn], Field(description="The check-ins, many at once")],
        ) -> dict[str, Any]:
            """Propose check-ins as one commit on a new branch (propose/…) for a person to
            review. Each is checked as the app checks one (a number, or done / not yet for a
            binary KR; the date in the KR's quarter and not after today; one a day; not in a
            closed or unbegun quarter) before anything is written: one problem refuses them
            all. The working tree, the index and the current branch are not touched and
            nothing is pushed. Returns the branch, its commit, the semantic diff, the
            coach's findings and a pull-request description."""
            entries = [c.model_dump() for c in checkins]
            return _proposed(lambda today: propose.checkins(root, entries, today, me()))

        @server.tool(annotations=PROPOSE)
        def propose_edits(
            edits: Annotated[list[EditIn], Field(description="Field edits, many at once")] = [],  # noqa: B006  (pydantic copies the default)
            new_items: Annotated[
                list[NewItemIn], Field(description="New objectives and key results")
            ] = [],  # noqa: B006
        ) -> dict[str, Any]:
            """Propose field edits and new objectives or key results as one commit on a
            new branch (propose/…) for a person to review, checked by the app's rules: a
            target moved after its quarter began needs its reason; references must exist;
            metric sources, ranks and check-ins are not edited here. All or nothing; the
            working tree and current branch are not touched. Returns what
            propose_checkins returns."""
            changes = [e.model_dump() for e in edits]
            new = [n.model_dump() for n in new_items]
            return _proposed(lambda today: propose.edits_of(root, changes, new, today))

    _resources(server, source)
    _prompts(server)
    return server


def _warm(source: Board, proposing: bool) -> None:
    """What a first call would read: the board, and the board at HEAD for a proposal. A
    failure here is the call's to report."""
    with suppress(Exception):
        with source.reading():
            pass  # (the board is read: a call may read it now, while the base is read)
        if proposing:
            propose.prepare(source.root, dt.date.today())


def _proposed(make: Any) -> dict[str, Any]:
    try:
        return dict(make(dt.date.today()).as_dict())
    except propose.Refused as exc:
        raise ToolError("not proposed: " + "; ".join(exc.problems)) from None
    except GitError as exc:
        raise ToolError(f"not proposed: git: {exc}") from None


def _history(root: Path, ref: str) -> list[dict]:
    try:
        return [entry.as_dict() for entry in history.history(root, ref)]
    except GitError:
        return []  # not in git, or no commits yet: no history to tell


def _moved(root: Path, board: LoadedBoard) -> set[str]:
    quarter = board.current_quarter
    try:
        return history.moved_since_start(root, board, quarter) if quarter else set()
    except GitError:
        return set()


def _quarters(source: Board, text: str) -> dict[str, Any]:
    pair = text.split()
    if len(pair) != 2 or not all(ids.is_quarter(q) for q in pair):
        raise ToolError("quarters: two quarters, as '2026-Q3 2026-Q4'")
    with source.reading() as (board, _):
        try:
            data = quarter_diff.review(board, quarter_diff.compare(board, pair[0], pair[1]))
        except ValueError as exc:
            raise ToolError(str(exc)) from None
        return {**json.loads(safe_json(data)), "unreadable_files": source.unreadable(board)}


def _resources(server: MCPServer, source: Board) -> None:
    @server.resource("okrboard://board", mime_type="application/json")
    def board_resource() -> str:
        """The board summary (board_summary's answer)."""
        with source.reading() as (board, today):
            return safe_json(briefing.summary(board, today, source.unreadable(board)))

    @server.resource("okrboard://okrs/{quarter}/{team}", mime_type="application/toml")
    def okr_file(quarter: str, team: str) -> str:
        """A team's OKR file for a quarter, as written (docs/format.md)."""
        with source.reading() as (board, _):
            rel = ids.okr_file(quarter, team) if ids.is_quarter(quarter) else ""
            found = board.sources.get(rel)
            if source.public or found is None or found.text is None:
                raise ResourceError(f"no OKR file for {quarter}/{team}")
            return found.text

    @server.resource("okrboard://item/{kind}/{path}", mime_type="application/json")
    def item_resource(kind: str, path: str) -> str:
        """One item: kind is okr, kpi, roadmap or tree, path its reference's parts
        joined by '.' (okr: 2026-Q4.growth.activation.activation-rate)."""
        with source.reading() as (board, today):
            ref = "/".join(([] if kind == "okr" else [kind]) + path.split("."))
            if ref not in links.every_ref(board):
                raise ResourceError(f"no item {ref}")
            return safe_json(briefing.item(board, ref, today, []))

    @server.resource("okrboard://docs/format", mime_type="text/markdown")
    def format_doc() -> str:
        """docs/format.md: every file and field of a board. Read before proposing edits."""
        return _docs("format")

    @server.resource("okrboard://docs/coach", mime_type="text/markdown")
    def coach_doc() -> str:
        """docs/coach.md: the coach's rules for well-written OKRs."""
        return _docs("coach")


def _prompts(server: MCPServer) -> None:
    @server.prompt(title="Weekly check-in")
    def weekly_checkin(numbers: str = "") -> list[UserMessage]:
        """Draft this week's check-ins from numbers you paste, as a proposal to review."""
        return [
            UserMessage(
                "Call board_summary, then attention (owner 'me' if I have one) to see the "
                "check-ins due. For each, call get_item for its last value and what is "
                "expected by today. Match them with these numbers:\n"
                f"{numbers or '(ask me for them)'}\nThen call propose_checkins once with "
                "every check-in, with a one-line note each, and show me the branch, the "
                "diff and the coach's findings. Do not guess a number I did not give."
            )
        ]

    @server.prompt(title="Quarter review")
    def quarter_review(quarter: str = "") -> list[UserMessage]:
        """Summarise a quarter for its review meeting: grades, misses, moved targets."""
        which = quarter or "the current quarter"
        return [
            UserMessage(
                f"Review {which}. Call board_summary, then attention, then diff with the "
                "previous quarter (quarters 'PREVIOUS CURRENT'). For each objective, say "
                "its status and grade, which key results were missed and why (get_item "
                "notes), and which targets moved and why. End with three questions for "
                "the team. Propose nothing."
            )
        ]
