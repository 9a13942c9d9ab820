"""The OKR coach: deterministic rules on how well the OKRs are written and kept.

Each rule has an id (``KR001``), a default severity and a short name; docs/coach.md
explains each with a bad and a good example. Thresholds and severities come from the
``[coach]`` table of board.toml (defaults here, once). The one rule that needs git (a
target moved after the quarter began) takes its answer as input: :func:`moved_targets`
reads it from history, so the rules themselves stay pure and fast.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from okrboard.domain import alignment, ids, roadmap, scoring, titles
from okrboard.domain.model import Board, KeyResult, Objective, TeamQuarter
from okrboard.domain.text import count as plural

SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}

MIN_KEY_RESULTS, MAX_KEY_RESULTS, MAX_OBJECTIVES = 2, 5, 3

# The first word of a key result that delivers something instead of changing something.
OUTPUT_VERBS = (
    "launch", "ship", "build", "implement", "release", "conduct", "deliver", "create",
    "complete", "develop", "roll", "introduce", "publish", "migrate", "redesign", "rebuild",
    "add", "finish", "run", "hold", "write", "integrate", "deploy", "design", "secure",
    "hire", "host", "organize", "organise", "set", "setup", "establish", "execute",
    "perform", "prepare", "produce", "rewrite", "refactor", "upgrade", "translate",
    "document", "interview", "send", "start", "kick", "pilot", "test", "train", "onboard",
)  # fmt: skip

# Metrics that grow with activity, not with value delivered.
VANITY_TERMS = (
    "page views", "pageviews", "page-views", "traffic", "visits", "visitors", "hits",
    "registered users", "registrations", "total users", "total signups", "downloads",
    "app installs", "followers", "likes", "impressions", "time on site",
)  # fmt: skip

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# "KR1:", "KR 2 -", "Key Result 3:", "O1.", "Objective 2 —", "Ключевой результат 1:", "КР1)"
_LABEL = re.compile(
    r"^\s*(?:kr|okr|o|key\s+results?|objective|ключевой\s+результат|кр|цель)\s*#?\s*"
    r"\d+(?:\.\d+)*\s*[:.\-–—)]\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")  # a word in any script


def strip_label(title: str) -> str:
    """A title without its leading label ("KR1:", "Ключевой результат 2 —"): every rule
    reads what follows it."""
    return _LABEL.sub("", title, count=1)


_NOT_A_METRIC = re.compile(r"\bQ[1-4]\b|\b(?:19|20)\d\d\b")  # quarters and years


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # a few words, shown beside items
    severity: str  # the default: "error", "warning" or "info"
    summary: str  # one line: what the rule looks for


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("KR001", "output", "warning", "A key result worded as an output to deliver"),
        Rule("KR002", "no from-to", "warning", "A key result that does not say from X to Y"),
        Rule("KR003", "vanity metric", "warning", "A key result on a vanity metric"),
        Rule("KR004", "stale", "warning", "No check-in for more than stale_days days"),
        Rule("KR005", "moved target", "warning", "The target changed after the quarter began"),
        Rule("KR006", "no initiative", "info", "No Now or Next roadmap card serves the KR"),
        Rule("KR007", "title contradicts", "warning", "The title's from-to is not the KR's"),
        Rule("KR008", "a KPI, not an OKR", "info", "A level maintained quarter after quarter"),
        Rule("OBJ001", "KR count", "warning", "Fewer than 2 or more than 5 key results"),
        Rule("OBJ002", "metric in title", "warning", "A number in the objective's title"),
        Rule("OBJ003", "no leading KR", "info", "No leading indicator among the key results"),
        Rule("OBJ004", "not aligned", "warning", "A team objective aligned to nothing"),
        Rule("TEAM001", "too many objectives", "warning", "More than 3 objectives a quarter"),
        Rule("MAP001", "serves no KR", "warning", "A Now roadmap card linked to no key result"),
    )
}


@dataclass(frozen=True)
class Finding:
    """One thing the coach noticed, about one item, at a file, line and key."""

    rule: str
    severity: str
    ref: str  # the item: an objective, KR, roadmap card, or QUARTER/TEAM for a whole file
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.rule} {self.message}"

    @property
    def name(self) -> str:
        return RULES[self.rule].name

    def as_dict(self) -> dict:
        return asdict(self)


def at_least(findings: Iterable[Finding], severity: str) -> list[Finding]:
    """The findings at ``severity`` or above."""
    floor = SEVERITY_ORDER[severity]
    return [f for f in findings if SEVERITY_ORDER[f.severity] >= floor]


def unknown_rules(board: Board) -> list[str]:
    """Rule ids in ``[coach] severity`` that no rule has (a typo is worth knowing)."""
    return [rule for rule in board.coach.severity or {} if rule not in RULES]


# -- the rules -------------------------------------------------------------------------------


class _Coach:
    """Collects findings for one board, with its thresholds resolved once."""

    def __init__(self, board: Board, moved: frozenset[str]) -> None:
        self.board = board
        self.moved = moved
        settings = board.coach
        self.min_krs = settings.min_key_results or MIN_KEY_RESULTS
        self.max_krs = settings.max_key_results or MAX_KEY_RESULTS
        self.max_objectives = settings.max_objectives or MAX_OBJECTIVES
        self.verbs = {v.lower() for v in (*OUTPUT_VERBS, *(settings.output_verbs or ()))}
        self.vanity = [t.lower() for t in (*VANITY_TERMS, *(settings.vanity_terms or ()))]
        self.severity = settings.severity or {}
        self.found: list[Finding] = []

    def add(
        self, rule: str, ref: str, rel: str, path: tuple, message: str, softer: bool = False
    ) -> None:
        """``softer``: the finding is explained in the file (a reason given): info only."""
        severity = self.severity.get(rule, RULES[rule].severity)
        if severity == "off":
            return
        if softer:
            severity = "info"
        line = self.board.line(rel, path)
        key = ".".join(path)
        self.found.append(Finding(rule, severity, ref, rel, line, key, message))

    def team_quarter(self, tq: TeamQuarter, today: dt.date, uncovered: set[str]) -> None:
        rel = tq.path.as_posix()
        count = len(tq.objectives)
        if count > self.max_objectives:
            self.add(
                "TEAM001",
                f"{tq.quarter}/{tq.team}",
                rel,
                ("objectives",),
                f"{count} objectives this quarter (at most {self.max_objectives}): "
                "focus on the few that matter most",
            )
        for objective in tq.ranked_objectives():
            oref = ids.objective_ref(tq.quarter, tq.team, objective.id)
            self.objective(objective, oref, rel)
            if alignment.is_orphan(self.board, tq.team, objective):
                parent = self.board.teams[tq.team].parent
                self.add(
                    "OBJ004",
                    oref,
                    rel,
                    ("objectives", objective.id),
                    f"aligned to no objective of {parent!r} (aligns_to): how does it "
                    "serve the company's goals?",
                )
            for kr in objective.ranked_key_results():
                kref = ids.child_ref(oref, kr.id)
                path = ("objectives", objective.id, "key_results", kr.id)
                self.key_result(kr, kref, rel, path, tq.quarter, today, kref in uncovered)

    def objective(self, objective: Objective, ref: str, rel: str) -> None:
        path = ("objectives", objective.id)
        count = len(objective.key_results)
        if count < self.min_krs or count > self.max_krs:
            few = count < self.min_krs
            self.add(
                "OBJ001",
                ref,
                rel,
                path,
                f"{plural(count, 'key result')} (expected {self.min_krs} to "
                f"{self.max_krs}): "
                + ("one number rarely captures an objective" if few else "too many to focus on"),
            )
        title = strip_label(objective.title or "")
        if _NUMBER.search(_NOT_A_METRIC.sub("", title)) or re.search(r"[%$€£]", title):
            self.add(
                "OBJ002",
                ref,
                rel,
                (*path, "title"),
                "the title holds a number: keep the objective qualitative and put "
                "the metric in a key result",
            )
        krs = objective.key_results.values()
        if krs and not any(kr.indicator == "leading" for kr in krs):
            self.add(
                "OBJ003",
                ref,
                rel,
                path,
                'no key result is a leading indicator (indicator = "leading"): '
                "you will only know at the end of the quarter",
            )

    def key_result(
        self,
        kr: KeyResult,
        ref: str,
        rel: str,
        path: tuple,
        quarter: str,
        today: dt.date,
        uncovered: bool,
    ) -> None:
        title = strip_label(kr.title or "")
        words = _WORD.findall(title.lower())
        if kr.impact == "output" or (words and words[0] in self.verbs):
            said = (
                f"“{words[0].capitalize()} …” names"
                if words and words[0] in self.verbs
                else "It is"
            )
            self.add(
                "KR001",
                ref,
                rel,
                (*path, "title"),
                f"{said} an output, something to deliver: say what changes for users "
                "or the business, from X to Y",
            )
        if kr.change is not None:
            pass  # "by 40%": the baseline and the change say it (check reports a missing one)
        elif kr.origin is None or kr.aim is None:
            self.add(
                "KR002", ref, rel, path, "no baseline and target: nobody can tell how far it got"
            )
        elif (
            kr.direction != "maintain"
            and kr.band is None
            and kr.kind != "binary"
            and len(_NUMBER.findall(title)) < 2
        ):
            self.add(
                "KR002",
                ref,
                rel,
                (*path, "title"),
                "the title does not say from where to where (e.g. “from 41% to 50%”)",
            )
        if contradiction := titles.contradiction(kr):
            self.add("KR007", ref, rel, (*path, "title"), contradiction)
        lowered = title.lower()
        if term := next((t for t in self.vanity if _has_term(lowered, t)), None):
            self.add(
                "KR003",
                ref,
                rel,
                (*path, "title"),
                f"“{term}” is a vanity metric: it grows with activity, not with value; "
                "measure what users achieve",
            )
        q = self.board.settings.calendar.quarter(quarter)
        state = scoring.status(kr, quarter, today, self.board.settings)
        done = state in (scoring.Status.DONE, scoring.Status.MISSED)
        if q.start <= today <= q.end and not done:  # a milestone reached needs no check-in
            days = scoring.days_since_checkin(kr, quarter, today, self.board.settings)
            if days > self.board.settings.stale_after:
                start = scoring.began(kr, quarter, self.board.settings)
                began = "it was added" if start > q.start else "the quarter began"
                since = "check-in" if kr.last_checkin else f"check-in since {began}"
                self.add(
                    "KR004",
                    ref,
                    rel,
                    (*path, "checkins"),
                    f"no {since} for {days} days (stale after {self.board.settings.stale_after})",
                )
        if ref in self.moved and kr.target_reason:
            self.add(
                "KR005",
                ref,
                rel,
                (*path, "target_reason"),
                f"the target was changed after the quarter began, because: {kr.target_reason}",
                softer=True,
            )
        elif ref in self.moved:
            self.add(
                "KR005",
                ref,
                rel,
                (*path, "target"),
                "the target was changed after the quarter began: say why in target_reason "
                "(the app asks), or keep the target and grade against it",
            )
        if first := self._maintained_since(kr):
            self.add(
                "KR008",
                ref,
                rel,
                (*path, "direction"),
                f"maintained since {first}: a level kept quarter after quarter is a KPI; "
                f"watch it in kpis/{ids.team_of(ref)}.toml and let an OKR drive a change",
            )
        if uncovered:
            self.add(
                "KR006",
                ref,
                rel,
                path,
                "no Now or Next roadmap card serves this key result: what will move it?",
            )

    def _maintained_since(self, kr: KeyResult) -> str | None:
        """The first quarter of an unbroken run of KRs that only maintain a level, when
        ``kr`` ends one of two quarters or more; else None."""
        since: str | None = None
        seen: set[str] = set()
        while scoring.direction(kr) == "maintain" and kr.carried_from not in seen | {None}:
            source = kr.carried_from or ""
            seen.add(source)  # a loop of carried_from is check's to report
            before = self.board.key_result(source)
            if before is None or scoring.direction(before) != "maintain":
                break
            since, kr = ids.quarter_of(source), before
        return since

    def roadmaps(self) -> None:
        for card in roadmap.now_without_kr(self.board):
            self.add(
                "MAP001",
                card.ref,
                ids.roadmap_file(card.team),
                ("themes", card.theme.id),
                "a Now card linked to no key result: why this, now? "
                "(add key_results, or move it out of Now)",
            )


def _has_term(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def review(
    board: Board,
    quarter: str | None,
    today: dt.date,
    moved: Iterable[str] = (),
    team: str | None = None,
) -> list[Finding]:
    """Every finding for ``quarter``'s OKRs (of ``team``, or all teams) and, when it is the
    board's current quarter, for the roadmap. ``moved``: KRs whose target moved after
    their quarter began (``git.history.moved_targets_in_git``)."""
    coach = _Coach(board, frozenset(moved))
    current = quarter is not None and quarter == board.current_quarter
    uncovered = set()
    if current and quarter is not None:  # a KR others contribute to is moved by theirs
        fed = {up for _, _, kr in board.iter_key_results() for up in kr.contributes_to or ()}
        uncovered = set(roadmap.krs_without_card(board, quarter)) - fed
    for tq in board.team_quarters(quarter) if quarter else ():
        if team is None or tq.team == team:
            coach.team_quarter(tq, today, uncovered)
    if current:
        coach.roadmaps()
    return coach.found


def by_item(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by the item they are about."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.ref, []).append(finding)
    return grouped


def quarter_krs(board: Board, quarter: str) -> list[str]:
    """References of the key results of ``quarter``."""
    return [ref for ref, _, _ in board.iter_key_results(quarter)]
