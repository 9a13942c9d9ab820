"""Links between items, followed both ways: alignment, contributions, roadmap themes."""

from __future__ import annotations

from functools import cached_property

from okrboard.domain import ids
from okrboard.domain.model import Board, Objective, RoadmapTheme
from okrboard.domain.text import printable


class Backlinks:
    """Links followed backwards, each from one pass over the board when first asked: the
    objectives that align to each objective, the KRs that contribute to each KR, and the
    roadmap themes of each objective and KR. The alignment map asks once per node, the
    detail pane on every move; scanning the board each time was quadratic (9 s for 50
    teams) or, at 500 teams, 20 ms a move."""

    def __init__(self, board: Board) -> None:
        self._board = board

    @cached_property
    def aligned(self) -> dict[str, list[tuple[str, Objective]]]:
        return _aligned(self._board)

    @cached_property
    def contributing(self) -> dict[str, list[str]]:
        return _contributing(self._board)

    @cached_property
    def themed(self) -> dict[str, list[tuple[str, RoadmapTheme]]]:
        return _themed(self._board)


def _aligned(board: Board) -> dict[str, list[tuple[str, Objective]]]:
    found: dict[str, list[tuple[str, Objective]]] = {}
    for (quarter, team), tq in board.okrs.items():
        for objective in tq.ranked_objectives():
            ref = ids.objective_ref(quarter, team, objective.id)
            for target in dict.fromkeys(objective.aligns_to or ()):
                found.setdefault(target, []).append((ref, objective))
    return found


def _contributing(board: Board) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for (quarter, team), tq in board.okrs.items():  # in Board.iter_key_results' order
        for objective in tq.objectives.values():
            for kr in objective.key_results.values():
                if kr.contributes_to:  # a reference is made only for a KR that has links
                    ref = ids.kr_ref(quarter, team, objective.id, kr.id)
                    for target in dict.fromkeys(kr.contributes_to):
                        found.setdefault(target, []).append(ref)
    return found


def _themed(board: Board) -> dict[str, list[tuple[str, RoadmapTheme]]]:
    found: dict[str, dict[str, RoadmapTheme]] = {}  # (a theme once for each item)
    for team, roadmap in sorted(board.roadmaps.items()):
        for theme in roadmap.themes.values():
            ref = str(ids.Ref("theme", (team, theme.id)))
            krs = theme.key_results or []
            for target in (*krs, *(theme.objectives or ()), *map(ids.objective_of, krs)):
                found.setdefault(target, {})[ref] = theme
    return {target: list(themes.items()) for target, themes in found.items()}


def label(board: Board, ref: str) -> str:
    """The title of what ``ref`` names, or the reference itself when it names nothing."""
    item = board.key_result(ref) or board.objective(ref)
    return item.label if item else ref


def targets(board: Board, kind: str) -> list[tuple[str, str]]:
    """What a reference of ``kind`` (``objective`` or ``key_result``) can point at:
    ``(reference, title)``, newest quarter first, in team and rank order."""
    found = []
    for quarter in reversed(board.quarters):
        for tq in board.team_quarters(quarter):
            for objective in tq.ranked_objectives():
                oref = ids.objective_ref(quarter, tq.team, objective.id)
                if kind == "objective":
                    found.append((oref, objective.label))
                    continue
                for kr in objective.ranked_key_results():
                    found.append((ids.child_ref(oref, kr.id), kr.label))
    return found


def resolve(board: Board, kind: str, text: str, quarter: str | None = None) -> str:
    """The full reference ``text`` means: itself when it is one; else the one item of
    ``kind`` whose id or reference ends with it, or whose title contains it (in ``quarter``
    first); ``text`` unchanged when nothing, or more than one item, fits."""
    text = text.strip()
    item = board.objective(text) if kind == "objective" else board.key_result(text)
    if not text or item is not None:  # a full reference already (the form's every key)
        return text
    choices = targets(board, kind)
    needle = text.casefold()
    by_title = [ref for ref, title in choices if needle in title.casefold()]
    for found in (named([ref for ref, _ in choices], text, quarter), _first(by_title, quarter)):
        if len(found) == 1:
            return found[0]
    return text


def _first(refs: list[str], quarter: str | None) -> list[str]:
    """Those of ``refs`` in ``quarter`` when there are some, else all of them."""
    return [ref for ref in refs if quarter and ref.startswith(quarter + "/")] or refs


def every_ref(board: Board) -> list[str]:
    """Every item's reference: objectives and key results (newest quarter first), then
    roadmap cards, tree nodes and KPIs."""
    refs = [ref for ref, _ in targets(board, "key_result")]
    refs += [ref for ref, _ in targets(board, "objective")]
    refs += [ids.card_ref(team, t) for team, r in board.roadmaps.items() for t in r.themes]
    refs += [ids.node_ref(tree, n) for tree, t in board.trees.items() for n in t.nodes]
    refs += [ref for ref, _ in board.iter_kpis()]
    return refs


def named(refs: list[str], text: str, quarter: str | None = None) -> list[str]:
    """The references ``text`` may name, for a command line: itself, else those ending in
    ``/text`` (an id, or ``objective/kr``), those of ``quarter`` only when some are."""
    if text in refs:
        return [text]
    return _first([ref for ref in refs if ref.endswith("/" + text)], quarter)


class NotFound(ValueError):
    """No item, or more than one, fits the name given: said with the candidates or the
    nearest names."""


def one(refs: list[str], text: str, quarter: str | None, what: str = "item") -> str:
    """The one reference of ``refs`` that ``text`` names: whole, or an id or suffix
    (``activation-rate``) that only one item has (in ``quarter``, when some are there);
    else NotFound naming the candidates or the nearest names."""
    found = named(refs, text, quarter)
    if len(found) == 1:
        return found[0]
    shown = printable(text)
    if found:
        listed = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        raise NotFound(f"{shown!r} names {len(found)} {what}s ({listed}); give the whole reference")
    raise NotFound(f"no {what} {shown!r} on this board{near_hint(refs, text)}")


def near_hint(refs: list[str], text: str) -> str:
    """``; did you mean A or B?`` naming the references nearest ``text``, or nothing."""
    close = near(refs, text)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def near(refs: list[str], text: str) -> list[str]:
    """Up to three references like ``text``: a typo in the whole or in the item's id."""
    import difflib  # lazy: only when a name fits nothing

    by_id: dict[str, list[str]] = {}
    for ref in refs:
        by_id.setdefault(ids.id_of(ref), []).append(ref)
    close = difflib.get_close_matches(text, refs, n=3, cutoff=0.75)
    for item in difflib.get_close_matches(ids.id_of(text), list(by_id), n=3, cutoff=0.75):
        close += by_id[item]
    return list(dict.fromkeys(close))[:3]
