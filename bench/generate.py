"""Make a seeded, realistic board of any size for benchmarks.

    python bench/generate.py DIR [--teams 5] [--objectives 10] [--krs 5] [--checkins 6]
                                 [--cards 0] [--tree-nodes 0]

Files are written with okrboard's own writer, so they look like real boards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from okrboard.ids import QuarterId
from okrboard.store import atomic_write, inline_fields, render

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
                    day = q.start + dt.timedelta(days=7 * (c + 1))
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
            root / "roadmaps" / f"{team_ids[0]}.toml", _roadmap(rng, team_ids[0], cards, quarter)
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


def _roadmap(rng: random.Random, team: str, cards: int, quarter: str) -> dict:
    """``cards`` themes spread over Now / Next / Later, each linked to a KR of ``team``."""
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
            "key_results": [f"{quarter}/{team}/objective-01/kr-1"],
        }
    return {"themes": themes}


def _write(path: Path, plain: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, render(None, inline_fields(plain)).encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--objectives", type=int, default=10)
    parser.add_argument("--krs", type=int, default=5)
    parser.add_argument("--checkins", type=int, default=6)
    parser.add_argument("--cards", type=int, default=0, help="roadmap cards for the first team")
    parser.add_argument("--tree-nodes", type=int, default=0, help="nodes of one opportunity tree")
    args = parser.parse_args()
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
