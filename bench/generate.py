"""Make seeded, realistic boards of any size for benchmarks.

    python bench/generate.py DIR --org [--size full|small|xl]  the organisation board, in git
    python bench/generate.py DIR [--teams 5] [--objectives 10] [--krs 5] [--checkins 6]
                                 [--cards 0] [--tree-nodes 0]   one quarter, no history

The organisation board (issue 9) is 50 teams x 8 quarters x 3 objectives x 4 KRs x 13
check-ins, 50 roadmaps x 30 cards, 100 trees x 50 nodes and 3 KPIs a team checked in monthly, with
a git history of 5,000
commits: each quarter's files are created, then checked in week by week. Its files are
exactly what okrboard's own writer makes of the same data (a test checks it), written by
a small emitter here because tomlkit would take minutes for 5,000 file versions.

``--size xl`` is ten times that organisation: 500 teams (the 50 areas, numbered), 48,000
KRs, 624,000 check-ins and 50,000 commits (issue 26). ``--size small`` is CI's smoke size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from okrboard.domain.ids import QuarterId
from okrboard.files.atomic import atomic_write
from okrboard.files.store import inline_fields, render

METRICS = [
    ("activation rate", "%", 28, 45),
    ("time-to-value", "min", 15, 5),
    ("week-4 retention", "%", 40, 55),
    ("trial-to-paid conversion", "%", 8, 12),
    ("p95 page load", "s", 3.8, 1.5),
    ("weekly active teams", "teams", 1200, 1800),
]


def generate(
    root: Path,
    *,
    teams: int = 5,
    objectives: int = 10,
    krs: int = 5,
    checkins: int = 6,
    quarter: str = "2026-Q4",
    cards: int = 0,
    tree_nodes: int = 0,
    seed: int = 1,
) -> Path:
    rng = random.Random(seed)
    root = Path(root)
    q = QuarterId.parse(quarter)
    team_ids = [f"team-{n:02d}" for n in range(1, teams + 1)]
    board = {
        "board": {
            "name": f"Generated board ({teams * objectives * krs} KRs)",
            "current_quarter": quarter,
        },
        "teams": {
            t: {"name": t.replace("-", " ").title(), "rank": i} for i, t in enumerate(team_ids, 1)
        },
    }
    _write(root / "board.toml", board)
    for team in team_ids:
        objs = {}
        for o in range(1, objectives + 1):
            key_results = {}
            for k in range(1, krs + 1):
                name, unit, base, target = rng.choice(METRICS)
                points = []
                for c in range(checkins):
                    day = q.start + dt.timedelta(days=7 * c)  # weekly, inside the quarter
                    value = round(
                        base + (target - base) * rng.uniform(0, 0.9) * (c + 1) / checkins, 2
                    )
                    points.append({"date": day, "value": value, "confidence": rng.randint(3, 9)})
                key_results[f"kr-{k}"] = {
                    "title": f"Move {name} from {base} to {target} ({team}, {o}.{k})",
                    "owner": rng.choice(["Maya Chen", "Ravi Patel", "Aiko Tanaka", "Sam Okoro"]),
                    "rank": k,
                    "unit": unit,
                    "baseline": base,
                    "target": target,
                    "current": points[-1]["value"] if points else base,
                    "checkins": points,
                }
            objs[f"objective-{o:02d}"] = {
                "title": f"Objective {o} of {team}",
                "rank": o,
                "key_results": key_results,
            }
        _write(root / "okrs" / quarter / f"{team}.toml", {"objectives": objs})
    if cards:
        _write(
            root / "roadmaps" / f"{team_ids[0]}.toml",
            _roadmap(rng, cards, [f"{quarter}/{team_ids[0]}/objective-01/kr-1"]),
        )
    if tree_nodes:
        outcome = f"{quarter}/{team_ids[0]}/objective-01/kr-1"
        _write(root / "trees" / "discovery.toml", _tree(rng, tree_nodes, outcome, team_ids[0]))
    return root


WORDS = [
    "setup takes too long",
    "cannot find last week's decision",
    "invites feel pushy",
    "pricing is unclear",
    "nothing tells me what changed",
]
PARENT_TYPE = {
    "opportunity": None,
    "solution": "opportunity",
    "assumption": "solution",
    "test": "assumption",
}


def _tree(rng: random.Random, count: int, outcome: str, team: str) -> dict:
    """A tree of ``count`` nodes: opportunities, each with solutions, assumptions, tests."""
    nodes: dict[str, dict] = {}
    latest: dict[str, str] = {}  # the newest node of each type: the next child's parent
    shape = ["opportunity", "solution", "assumption", "test", "assumption", "test"]
    for n in range(count):
        kind = shape[n % len(shape)]
        node: dict = {"type": kind, "title": f"{kind.capitalize()} {n}: {rng.choice(WORDS)}"}
        if PARENT_TYPE[kind]:
            node["parent"] = latest[PARENT_TYPE[kind]]
        node["rank"] = n + 1
        if kind == "opportunity":
            node["reach"] = rng.randint(100, 5000)
            node["frequency"] = rng.randint(1, 4)
            node["severity"] = rng.randint(1, 5)
        elif kind == "assumption":
            node["category"] = "desirability"
            node["importance"] = rng.randint(1, 5)
            node["evidence"] = rng.randint(1, 5)
        elif kind == "test":
            node["success_criteria"] = "half of the sample"
            node["result"] = rng.choice(["supported", "refuted", "inconclusive"])
        nodes[f"node-{n:04d}"] = node
        latest[kind] = f"node-{n:04d}"
    head = {"title": f"Generated tree ({count} nodes)", "outcome": outcome, "team": team}
    return {"tree": head, "nodes": nodes}


def _roadmap(rng: random.Random, cards: int, key_results: list[str]) -> dict:
    """``cards`` themes spread over Now / Next / Later, each linked to one of ``key_results``."""
    horizons = ("now", "next", "later")
    themes = {}
    for n in range(cards):
        themes[f"theme-{n:04d}"] = {
            "title": f"Theme {n}: {rng.choice(['Guided setup', 'Pricing', 'Search', 'Digest'])}",
            "horizon": horizons[n % 3],
            "rank": (n // 3 + 1) * 10,
            "status": rng.choice(["idea", "discovery", "in-progress"]),
            "owner": rng.choice(["Maya Chen", "Ravi Patel", "Aiko Tanaka"]),
            "confidence": rng.randint(2, 9),
            "tags": [rng.choice(["onboarding", "activation", "search", "habit"])],
            "key_results": [rng.choice(key_results)],
        }
    return {"themes": themes}


# -- the organisation board ------------------------------------------------------------------

TEAMS = [
    "company",
    "growth",
    "core",
    "mobile",
    "payments",
    "billing",
    "search",
    "notifications",
    "onboarding",
    "integrations",
    "platform",
    "data",
    "analytics",
    "security",
    "identity",
    "infrastructure",
    "reliability",
    "design-system",
    "web",
    "desktop",
    "api",
    "partners",
    "enterprise",
    "self-serve",
    "pricing",
    "retention",
    "activation",
    "collaboration",
    "editor",
    "sync",
    "offline",
    "files",
    "comments",
    "tasks",
    "calendar",
    "reporting",
    "admin",
    "compliance",
    "localisation",
    "accessibility",
    "performance",
    "support-tools",
    "marketplace",
    "assistant",
    "templates",
    "import-export",
    "developer-experience",
    "ml-platform",
    "experimentation",
    "community",
]
OBJECTIVES = [
    "New teams reach their first win in their first session",
    "Teams come back every week because the product earns it",
    "Trials show teams why paying is worth it",
    "Customers trust us with their most important work",
    "Finding anything takes seconds, not minutes",
    "Admins set up and run their workspace without us",
]
KPI_METRICS = [  # id, title, unit, direction, healthy band, range of values
    ("nps", "Net promoter score", "", "increase", [30.0, 80.0], 25, 60),
    ("logo-churn", "Monthly logo churn", "%", "decrease", [0.0, 3.0], 1, 4),
    ("uptime", "Uptime", "%", "increase", [99.9, 100.0], 99.7, 100.0),
    ("activation", "Week-1 activation", "%", "increase", [35.0, 100.0], 30, 50),
    ("p95-latency", "p95 page load", "s", "decrease", [0.0, 2.5], 1.5, 3.5),
]
PEOPLE = ["Maya Chen", "Ravi Patel", "Aiko Tanaka", "Sam Okoro", "Lena Vogt", "Tomás Rivera"]
ORG_SIZES = {
    "full": dict(teams=50, quarters=8, cards=30, trees=2, tree_nodes=50, commits=5000),
    "small": dict(teams=4, quarters=3, cards=12, trees=1, tree_nodes=20, commits=120),
    # The organisation six years on: every quarter kept (issue 39's growth rows).
    "history": dict(teams=50, quarters=24, cards=30, trees=2, tree_nodes=50, commits=15000),
    # Ten times the organisation: 48,000 KRs, 624,000 check-ins, 4,000 OKR files.
    "xl": dict(teams=500, quarters=8, cards=30, trees=2, tree_nodes=50, commits=50000),
}
ORG_QUARTER = "2026-Q4"  # the org board's current quarter, its last
ORG_TODAY = dt.date(2026, 12, 30)  # the day the benchmarks see: all 13 check-ins are past


def generate_org(
    root: Path,
    *,
    teams: int = 50,
    quarters: int = 8,
    objectives: int = 3,
    krs: int = 4,
    checkins: int = 13,
    cards: int = 30,
    trees: int = 2,
    tree_nodes: int = 50,
    commits: int = 5000,
    seed: int = 9,
) -> Path:
    """The organisation board at ``root``, a git repository whose history has ``commits``
    commits (fewer if there are fewer changes to make). ``trees`` is per team."""
    from okrboard.git.runner import import_history, init_repo

    rng = random.Random(seed)
    root = Path(root)
    names = team_names(teams)
    last = QuarterId.parse(ORG_QUARTER)
    span = [last]
    while len(span) < quarters:
        span.insert(0, span[0].previous())
    board = {
        "board": {"name": f"Organisation board ({teams} teams)", "current_quarter": str(last)},
        "teams": {
            t: {"name": t.replace("-", " ").title(), "rank": i}
            | ({"parent": "company"} if t != "company" else {})
            for i, t in enumerate(names, 1)
        },
    }
    events = [("set up the board", {"board.toml": board})]
    # Each file version is made when its commit is written (an xl history would not fit
    # in memory as text).
    for q in span:
        finals = {t: _org_okrs(rng, q, t, objectives, krs, checkins, q != span[0]) for t in names}
        for t in names:
            events.append((f"okrs({q}/{t}): plan the quarter", _version(q, t, finals[t], 0)))
        if q == last:
            extra = {}
            for t in names:
                refs = [
                    f"{q}/{t}/objective-{o}/kr-{k}"
                    for o in range(1, objectives + 1)
                    for k in range(1, krs + 1)
                ]
                extra[f"roadmaps/{t}.toml"] = _roadmap(rng, cards, refs)
                extra[f"kpis/{t}.toml"] = _kpis(rng, span[0].start)
            for t in names:
                for n in range(trees):
                    kr = f"{q}/{t}/objective-{n % objectives + 1}/kr-1"
                    extra[f"trees/{t}-{n + 1}.toml"] = _tree(rng, tree_nodes, kr, t)
            events.append(("roadmaps and discovery trees", extra))
        for week in range(1, checkins + 1):
            for t in names:
                message = f"okrs({q}/{t}): week {week} check-ins"
                events.append((message, _version(q, t, finals[t], week)))
    count = min(commits, len(events))
    start = dt.datetime.combine(span[0].start, dt.time(9), dt.UTC)
    step = (dt.datetime.combine(ORG_TODAY, dt.time(9), dt.UTC) - start) / count
    people = [rng.choice(PEOPLE) for _ in range(count)]

    def log():
        for n in range(count):  # events spread evenly over the commits, in order
            group = events[n * len(events) // count : (n + 1) * len(events) // count]
            files = {
                rel: toml_text(plain).encode()
                for _, changed in group
                for rel, plain in (changed() if callable(changed) else changed).items()
            }
            message = group[0][0] + (f" (and {len(group) - 1} more)" if len(group) > 1 else "")
            email = people[n].split()[0].lower() + "@example.com"
            yield (people[n], email, start + step * n, message, files)

    root.mkdir(parents=True, exist_ok=True)
    init_repo(root)
    import_history(root, log())
    return root


def team_names(count: int) -> list[str]:
    """``count`` team ids: the 50 named ones, then numbered teams of the same areas
    (``growth-2``) for an organisation larger than that."""
    rounds = (count + len(TEAMS) - 1) // len(TEAMS)
    names = [t if n == 0 else f"{t}-{n + 1}" for n in range(rounds) for t in TEAMS]
    return names[:count]


def _version(quarter: QuarterId, team: str, final: dict, week: int):
    """The OKR file of ``team`` as it stood at ``week`` of ``quarter``, made when asked."""
    return lambda: {_okr_file(quarter, team): _week(final, week)}


def org_size(size: str) -> dict:
    """Keyword arguments of :func:`generate_org` for a named size."""
    return dict(ORG_SIZES[size])


def _okr_file(quarter: QuarterId, team: str) -> str:
    return f"okrs/{quarter}/{team}.toml"


def _org_okrs(rng, q: QuarterId, team: str, objectives: int, krs: int, checkins: int, carried):
    """One team's quarter as it ends: every KR with all its check-ins."""
    objs = {}
    for o in range(1, objectives + 1):
        objective: dict = {
            "title": rng.choice(OBJECTIVES),
            "owner": rng.choice(PEOPLE),
            "rank": o,
        }
        if team != "company":
            objective["aligns_to"] = [f"{q}/company/objective-{o}"]
        if carried and o == 1:
            objective["carried_from"] = f"{q.previous()}/{team}/objective-1"
        key_results = {}
        for k in range(1, krs + 1):
            name, unit, base, target = rng.choice(METRICS)
            points = []
            for c in range(checkins):
                value = base + (target - base) * rng.uniform(0.1, 1.0) * (c + 1) / checkins
                day = q.start + dt.timedelta(days=7 * c)  # weekly, inside the quarter
                points.append(
                    {"date": day, "value": round(value, 1), "confidence": rng.randint(3, 9)}
                )
            key_results[f"kr-{k}"] = {
                "title": f"Move {name} from {base} to {target}",
                "owner": rng.choice(PEOPLE),
                "rank": k,
                "unit": unit,
                "baseline": base,
                "target": target,
                "checkins": points,
            }
            if rng.random() < 0.03:  # now and then a target is moved mid-quarter (coach KR005)
                moved = target + (target - base) * rng.choice((-0.2, 0.2))
                key_results[f"kr-{k}"]["_moved"] = (rng.randint(3, checkins), round(moved, 1))
        objs[f"objective-{o}"] = objective | {"key_results": key_results}
    return {"objectives": objs}


def _kpis(rng: random.Random, first: dt.date, count: int = 3) -> dict:
    """A team's standing health metrics, checked in on the first of each month."""
    months = []
    day = first
    while day <= ORG_TODAY:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    kpis = {}
    for rank, (kid, title, unit, direction, band, low, high) in enumerate(
        rng.sample(KPI_METRICS, count), 1
    ):
        kpis[kid] = {"title": title, "owner": rng.choice(PEOPLE), "rank": rank}
        kpis[kid] |= {"unit": unit} if unit else {}
        kpis[kid] |= {"direction": direction, "band": band}
        kpis[kid]["checkins"] = [
            {"date": d, "value": round(rng.uniform(low, high), 2)} for d in months
        ]
    return {"kpis": kpis}


def _week(final: dict, week: int) -> dict:
    """The file as it stood after ``week`` weekly check-ins."""
    objs = {}
    for oid, objective in final["objectives"].items():
        key_results = {}
        for kid, kr in objective["key_results"].items():
            done = kr["checkins"][:week]
            head = {k: v for k, v in kr.items() if k not in ("checkins", "_moved")}
            if "_moved" in kr and week >= kr["_moved"][0]:
                head["target"] = kr["_moved"][1]
            if done:
                head |= {"current": done[-1]["value"], "confidence": done[-1]["confidence"]}
                head["checkins"] = done
            key_results[kid] = head
        objs[oid] = objective | {"key_results": key_results}
    return {"objectives": objs}


def toml_text(plain: dict) -> str:
    """``plain`` as okrboard's writer lays it out (``render(None, inline_fields(plain))``)."""
    from okrboard.files.store import _is_collection

    out: list[str] = []

    def table(path: list[str], body: dict, collection: bool) -> None:
        if collection:
            for key, item in body.items():
                table([*path, key], item, False)
            return
        out.append(f"[{'.'.join(_key(p) for p in path)}]")
        subs = []
        for key, value in body.items():
            if isinstance(value, dict) and _is_collection(value):
                subs.append((key, value))
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                out.append(f"{_key(key)} = [")
                out.extend(f"    {_value(v)}," for v in value)
                out.append("]")
            else:
                out.append(f"{_key(key)} = {_value(value)}")
        out.append("")
        for key, value in subs:
            table([*path, key], value, True)

    for key, value in plain.items():
        table([key], value, _is_collection(value))
    return "\n".join(out) + "\n"


def _key(key: str) -> str:
    return (
        key if key and all(c.isalnum() or c in "-_" for c in key) and key.isascii() else _value(key)
    )


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    return repr(value)


def _write(path: Path, plain: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, render(None, inline_fields(plain)).encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument(
        "--org", action="store_true", help="the organisation board, with its git history"
    )
    parser.add_argument(
        "--size", choices=tuple(ORG_SIZES), help="the organisation board's size (implies --org)"
    )
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--objectives", type=int, default=10)
    parser.add_argument("--krs", type=int, default=5)
    parser.add_argument("--checkins", type=int, default=6)
    parser.add_argument("--cards", type=int, default=0, help="roadmap cards for the first team")
    parser.add_argument("--tree-nodes", type=int, default=0, help="nodes of one opportunity tree")
    args = parser.parse_args()
    if args.org or args.size:
        generate_org(args.dir, **org_size(args.size or "full"))
    else:
        generate(
            args.dir,
            teams=args.teams,
            objectives=args.objectives,
            krs=args.krs,
            checkins=args.checkins,
            cards=args.cards,
            tree_nodes=args.tree_nodes,
        )
    print(f"wrote {args.dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
