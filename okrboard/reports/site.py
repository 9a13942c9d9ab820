"""``okrboard export html``: the board as a static site, for people who never open a
terminal. Every page stands alone: its styles inline, trends drawn as SVG, no script, no
external asset, no network; it opens from the file system and from any static host.

Text from the board is escaped on every page (a title ``<script>`` is text). ``public``
leaves out everything internal: internal roadmap cards, and every line, link and count
that would name one; owners and confidence can be left out too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okrboard.domain import alignment, ids, kpis, roadmap, scoring, semdiff, valuetext
from okrboard.domain.model import Board, KeyResult, Objective
from okrboard.domain.text import printable
from okrboard.reports import views

if TYPE_CHECKING:
    from okrboard.domain.model import OpportunityTree

CSS = """
:root { color-scheme: light dark; --fg: #1d232b; --bg: #fbfbfa; --muted: #5d6672;
  --line: #d9dde3; --bar: #e6e9ee; --green: #1f7a3f; --yellow: #8a6200; --red: #b3261e;
  --accent: #2859b8; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --bg: #15181d; --muted: #9aa3ae;
  --line: #323842; --bar: #2a2f37; --green: #5fc27e; --yellow: #e2b13c; --red: #f07167;
  --accent: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 16px/1.5 system-ui, sans-serif;
  color: var(--fg); background: var(--bg); }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding-bottom: .5rem;
  border-bottom: 1px solid var(--line); }
a { color: var(--accent); }
h1 { font-size: 1.6rem; margin: .8rem 0 .2rem; }
h2 { font-size: 1.25rem; margin-top: 1.6rem; }
.muted, caption { color: var(--muted); }
caption { text-align: left; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.bar { display: inline-block; width: 7rem; height: .7rem; background: var(--bar);
  border-radius: .35rem; overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--accent); }
.on-track, .healthy, .done { color: var(--green); }
.at-risk, .watch, .not-yet { color: var(--yellow); }
.off-track, .unhealthy, .missed { color: var(--red); }
.stale { color: var(--muted); font-style: italic; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
  gap: 1rem; }
.columns section { border: 1px solid var(--line); border-radius: .5rem; padding: 0 .8rem; }
svg.trend { vertical-align: middle; }
table.krs { table-layout: fixed; }  /* one set of column widths for every objective */
table.krs .c-progress { width: 10%; } table.krs .c-value { width: 12%; }
table.krs .c-status { width: 9%; } table.krs .c-trend { width: 9%; }
table.krs .c-confidence { width: 11%; } table.krs .c-owner { width: 10%; }
table.krs .c-latest-note { width: 17%; }
table.krs thead th { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.krs td.num { white-space: normal; }
table.krs tbody th, table.krs .c-latest-note { overflow-wrap: break-word; }
table.krs .bar { width: 100%; }
@media (max-width: 40rem) {  /* a phone: the key result, its progress, value and status */
  table.krs .c-trend, table.krs .c-confidence, table.krs .c-owner,
  table.krs .c-latest-note { display: none; }
  table.krs .c-progress { width: 18%; } table.krs .c-value { width: 24%; }
  table.krs .c-status { width: 24%; }
}
@media (max-width: 40rem) { .wide { display: none; } body { padding: .6rem; } }
"""


@dataclass(frozen=True)
class Options:
    quarter: str
    today: dt.date
    public: bool = False
    owners: bool = True
    confidence: bool = True


def esc(text: object) -> str:
    """Text from the board for a page: one line, control characters shown, HTML escaped."""
    return html.escape(printable(str(text)), quote=True)


def _slug(status: str) -> str:
    return status.replace(" ", "-")


def bar(share: float | None, label: str) -> str:
    """A progress bar with its text for screen readers."""
    if share is None:
        return '<span class="muted">—</span>'
    width = round(min(1.0, max(0.0, share)) * 100)
    return (
        f'<span class="bar" role="img" aria-label="{esc(label)}: {width}%">'
        f'<span style="width:{width}%"></span></span> {width}%'
    )


def trend(values: list[float], label: str) -> str:
    """A sparkline of ``values`` as inline SVG, described for screen readers."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = 96 / (len(values) - 1)
    points = " ".join(
        f"{2 + i * step:.1f},{22 - (v - low) / span * 20:.1f}" for i, v in enumerate(values)
    )
    first, last = valuetext.number(values[0]), valuetext.number(values[-1])
    return (
        f'<svg class="trend" width="100" height="24" viewBox="0 0 100 24" role="img">'
        f"<title>{esc(label)}: {esc(first)} to {esc(last)} over {len(values)} check-ins"
        f'</title><polyline fill="none" stroke="currentColor" stroke-width="2" '
        f'points="{points}"/></svg>'
    )


class Site:
    """The pages of one board: ``pages()`` gives ``{file name: HTML}``."""

    def __init__(
        self,
        board: Board,
        options: Options,
        changes: list | None = None,
        review: str | None = None,
    ) -> None:
        self.board, self.options = board, options
        self.quarter, self.today = options.quarter, options.today
        self.changes, self.review = changes, review
        self.internal = roadmap.internal_cards(board) if options.public else {}

    def pages(self) -> dict[str, str]:
        teams = [tq.team for tq in self.board.team_quarters(self.quarter)]
        pages = {"index.html": self.index()}
        pages |= {f"team-{team}.html": self.team(team) for team in teams}
        pages["roadmap.html"] = self.roadmap()
        pages["trees.html"] = self.trees()
        pages["alignment.html"] = self.alignment()
        pages["kpis.html"] = self.kpis()
        pages["changes.html"] = self.changes_page()
        pages["report.html"] = self.page(
            "Quarterly review", markdown(self.review) if self.review else "<p>No review.</p>"
        )
        return pages

    # -- the frame ----------------------------------------------------------------------------

    def _team_label(self, team: str) -> str:
        found = self.board.teams.get(team)
        return found.label if found else team

    def page(self, title: str, body: str) -> str:
        teams = [tq.team for tq in self.board.team_quarters(self.quarter)]
        links = [("index.html", "Overview")]
        links += [(f"team-{t}.html", self._team_label(t)) for t in teams]
        links += [("roadmap.html", "Roadmap"), ("trees.html", "Discovery"),
                  ("alignment.html", "Alignment"), ("kpis.html", "KPIs"),
                  ("report.html", "Review"), ("changes.html", "What changed")]  # fmt: skip
        nav = "".join(f'<a href="{href}">{esc(text)}</a>' for href, text in links)
        name = esc(self.board.label)
        scope = " (public)" if self.options.public else ""
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)} · {name}</title><style>{CSS}</style></head><body>"
            f'<nav aria-label="Pages">{nav}</nav><main><h1>{esc(title)}</h1>'
            f'<p class="muted">{name} · {esc(self.quarter)} · as of {self.today}{scope}</p>'
            f"{body}</main></body></html>\n"
        )

    # -- pages ----------------------------------------------------------------------------

    def index(self) -> str:
        rows = []
        counts = views.team_counts(self.board, self.quarter, self.today)
        for tq in self.board.team_quarters(self.quarter):
            grades = [
                grade
                for objective in tq.objectives.values()
                if (grade := self._grade(objective)) is not None
            ]
            mean = f"{sum(grades) / len(grades):.2f}" if grades else "—"
            rows.append(
                f'<tr><th scope="row"><a href="team-{esc(tq.team)}.html">'
                f"{esc(self._team_label(tq.team))}</a></th><td>{len(tq.objectives)}</td>"
                f"<td>{esc(views.counts_text(counts[tq.team])) or '—'}</td>"
                f'<td class="num">{mean}</td></tr>'
            )
        table = (
            f"<table><caption>The quarter at a glance: key results by status, and the mean "
            f"grade so far (success from {self.board.settings.success:g})</caption>"
            "<thead><tr><th>Team</th><th>Objectives</th><th>Key results</th>"
            '<th class="num">Grade</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
        )
        if not rows:
            table = f"<p>No OKRs for {esc(self.quarter)} yet.</p>"
        return self.page(f"{self.board.label}: {self.quarter}", table)

    def team(self, team: str) -> str:
        tq = self.board.okrs[(self.quarter, team)]
        parts = []
        for objective in tq.ranked_objectives():
            parts.append(self._objective(team, objective))
        return self.page(self._team_label(team), "".join(parts) or "<p>No objectives.</p>")

    def _grade(self, objective: Objective) -> float | None:
        return scoring.objective_grade_as_of(
            objective, self.quarter, self.today, self.board.settings
        )

    def _objective(self, team: str, objective: Objective) -> str:
        share = scoring.objective_progress(objective)
        grade = self._grade(objective)
        owner = f" · {esc(objective.owner)}" if objective.owner and self.options.owners else ""
        head = (
            f"<h2>{esc(objective.label)}</h2><p>{bar(share, 'Objective progress')}"
            f"{'' if grade is None else f' · grade {grade:.2f}'}{owner}</p>"
        )
        columns = ["Key result", "Progress", "Value", "Status", "Trend"]
        columns += ["Confidence"] if self.options.confidence else []
        columns += ["Owner"] if self.options.owners else []
        columns += ["Latest note"]
        header = "".join(f'<th scope="col" class="c-{_slug(c.lower())}">{c}</th>' for c in columns)
        rows = [self._kr_row(kr) for kr in objective.ranked_key_results()]
        return (
            f'{head}<table class="krs"><thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def _kr_row(self, kr: KeyResult) -> str:
        state = scoring.status(kr, self.quarter, self.today, self.board.settings)
        values = [c.value for c in kr.trend if c.value is not None]
        notes = [c.note for c in kr.trend if c.note]
        cells = [
            f'<th scope="row">{esc(kr.label)}</th>',
            f"<td>{bar(scoring.progress(kr), 'Progress')}</td>",
            f'<td class="num">{esc(valuetext.result_text(kr))}</td>',
            f'<td class="{_slug(state.value)}">{state.value}</td>',
            f'<td class="c-trend">{trend(values, kr.label)}</td>',
        ]
        if self.options.confidence:
            confidence = kr.last_checkin.confidence if kr.last_checkin else kr.confidence
            shown = "—" if confidence is None else f"{confidence}/10"
            cells.append(f'<td class="num c-confidence">{shown}</td>')
        if self.options.owners:
            cells.append(f'<td class="c-owner">{esc(kr.owner or "—")}</td>')
        cells.append(f'<td class="c-latest-note">{esc(notes[-1]) if notes else ""}</td>')
        return f"<tr>{''.join(cells)}</tr>"

    def roadmap(self) -> str:
        sections = []
        for horizon in roadmap.MAIN:
            cards = [
                (team, theme)
                for team, plan in sorted(self.board.roadmaps.items())
                for theme in plan.column(horizon)
                if ids.card_ref(team, theme.id) not in self.internal
            ]
            items = "".join(
                f'<li><strong>{esc(theme.label)}</strong> <span class="muted">'
                f"{esc(self._team_label(team))}</span>"
                + (f"<br>{esc(theme.problem)}" if theme.problem else "")
                + "</li>"
                for team, theme in cards
            )
            empty = '<li class="muted">Nothing here.</li>'
            sections.append(
                f"<section><h2>{roadmap.TITLES[horizon]}</h2><ul>{items or empty}</ul></section>"
            )
        return self.page(
            "Roadmap: Now, Next, Later", f'<div class="columns">{"".join(sections)}</div>'
        )

    def trees(self) -> str:
        parts = []
        for tree in sorted(self.board.trees.values(), key=lambda t: t.id):
            parts.append(f"<h2>{esc(tree.label)}</h2>")
            if tree.outcome and (kr := self.board.key_result(tree.outcome)) is not None:
                parts.append(f"<p>Outcome: {esc(kr.label)}</p>")
            parts.append(self._nodes(tree, None))
        return self.page(
            "Discovery: opportunity solution trees", "".join(parts) or "<p>No trees.</p>"
        )

    def _nodes(self, tree: OpportunityTree, parent: str | None) -> str:
        children = tree.children(parent)
        if not children:
            return ""
        items = "".join(
            f'<li><span class="muted">{esc(node.type or "")}</span> {esc(node.label)}'
            f"{self._nodes(tree, node.id)}</li>"
            for node in children
        )
        return f"<ul>{items}</ul>"

    def alignment(self) -> str:
        found = alignment.build(self.board, self.quarter)

        def item(node: alignment.Node) -> str:
            inner = "".join(item(child) for child in node.children) if not node.repeat else ""
            label = esc(node.item.label)
            label = f"<strong>{label}</strong>" if node.kind == "objective" else label
            share = node.progress
            shown = "" if share is None else f' <span class="muted">{share:.0%}</span>'
            return (
                f'<li>{label}{shown} <span class="muted">{esc(self._team_label(node.team))}'
                f"</span>{f'<ul>{inner}</ul>' if inner else ''}</li>"
            )

        body = f"<ul>{''.join(item(n) for n in found.roots)}</ul>"
        if found.orphans:
            body += "<h2>Aligned to nothing</h2>"
            body += f"<ul>{''.join(item(n) for n in found.orphans)}</ul>"
        return self.page("Alignment", body)

    def kpis(self) -> str:
        rows = []
        for ref, kpi in self.board.iter_kpis():
            state = kpis.health(kpi)
            values = [c.value for c in kpi.trend if c.value is not None]
            rows.append(
                f'<tr><th scope="row">{esc(kpi.label)}</th>'
                f"<td>{esc(self._team_label(ids.team_of(ref)))}</td>"
                f'<td class="num">{esc(valuetext.shown(kpi.value, kpi.unit))}</td>'
                f"<td>{esc(kpis.band_text(kpi))}</td>"
                f'<td class="{_slug(state.value)}">{state.value}</td>'
                f"<td>{trend(values, kpi.label)}</td></tr>"
            )
        if not rows:
            return self.page("KPIs", "<p>No KPIs on this board.</p>")
        table = (
            "<table><caption>Standing health metrics, with their healthy band</caption><thead>"
            "<tr><th>KPI</th><th>Team</th><th>Value</th><th>Healthy</th><th>Health</th>"
            "<th>Trend</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
        return self.page("KPIs", table)

    def changes_page(self) -> str:
        if self.changes is None:
            return self.page("What changed", "<p>Not in git: no history to show.</p>")
        shown = semdiff.without_cards(self.changes, self.internal)
        if not shown:
            return self.page("What changed", "<p>Nothing changed this quarter.</p>")
        items: dict[str, list[str]] = {}
        for change in shown:
            items.setdefault(semdiff.heading(change), []).append(semdiff.describe(change))
        body = "".join(
            f"<h2>{esc(head)}</h2><ul>{''.join(f'<li>{esc(line)}</li>' for line in lines)}</ul>"
            for head, lines in items.items()
        )
        return self.page(f"What changed since {self.quarter} began", body)


def export(
    board: Board, options: Options, changes: list | None = None, review: str | None = None
) -> dict[str, str]:
    """The site's pages, ``{file name: HTML}``; ``review``: the quarterly review in
    Markdown (``report.as_markdown``), shown as a page."""
    return Site(board, options, changes, review).pages()


_INLINE = re.compile(r"\*\*(.+?)\*\*|`(.+?)`")


def _inline(text: str) -> str:
    """Escaped text with the review's **bold** and `code`."""
    out, at = [], 0
    for match in _INLINE.finditer(text):
        out.append(esc(text[at : match.start()]))
        bold, code = match.groups()
        out.append(
            f"<strong>{esc(bold)}</strong>" if bold is not None else f"<code>{esc(code)}</code>"
        )
        at = match.end()
    out.append(esc(text[at:]))
    return "".join(out)


def _table(rows: list[list[str]]) -> str:
    head, *body = rows or [[]]
    cells = "".join(f"<th>{_inline(c)}</th>" for c in head)
    lines = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{lines}</tbody></table>"


def markdown(text: str) -> str:
    """The Markdown ``report.as_markdown`` writes (headings, tables, lists, quotes and
    paragraphs), as HTML; every piece of text escaped."""
    out: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("|") or line.lstrip().startswith("- "):
            table = line.startswith("|")
            block = []
            while index < len(lines) and (
                lines[index].startswith("|") if table else lines[index].lstrip().startswith("- ")
            ):
                block.append(lines[index])
                index += 1
            if table:
                rows = [_re_cells(row) for row in block]
                out.append(_table([r for r in rows if not all(set(c) <= set("-: ") for c in r)]))
            else:
                out.append(
                    "<ul>" + "".join(f"<li>{_inline(b.lstrip()[2:])}</li>" for b in block) + "</ul>"
                )
            continue
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")) + 1, 6)  # the page's h1 is its title
            out.append(f"<h{level}>{_inline(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith(">"):
            out.append(f"<blockquote>{_inline(line.lstrip('>').strip())}</blockquote>")
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
        index += 1
    return "\n".join(out)


def _re_cells(row: str) -> list[str]:
    """A Markdown table row's cells (``\\|`` is a pipe inside a cell)."""
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]
