"""One item's history over a long git history, against ``git log -p --follow``.

    python bench/history.py [--commits 2000] [--teams 4] [--runs 5]

Builds a seeded repository of ``--commits`` check-in and target commits spread over the
teams' OKR files (written with ``git fast-import``), then measures, in the same run:

- ``git log -p --follow -- FILE`` of the KR's file (what a person would type);
- okrboard's history of one KR, cold (a fresh process: no cache) and warm (asked again).

Targets (issue 6): cold <= 2x git, warm <= 0.1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from okrboard.git import history
from okrboard.git.runner import import_history, init_repo

QUARTER = "2026-Q4"
KR = f"{QUARTER}/team-01/objective-1/kr-1"  # the item whose history is measured
KR_FILE = f"okrs/{QUARTER}/team-01.toml"
KEYS = [f"objective-{o}/kr-{k}" for o in range(1, 4) for k in range(1, 5)]
COLD = """
import sys, time
from pathlib import Path
start = time.perf_counter()
from okrboard.git import history
entries = history.history(Path(sys.argv[1]), sys.argv[2])
print(time.perf_counter() - start, len(entries))
"""


class Team:
    """One team's OKR file as it grows: 3 objectives x 4 KRs, check-ins appended."""

    def __init__(self, team: str):
        self.team = team
        self.checkins: dict[str, list[tuple[dt.date, float, int]]] = {k: [] for k in KEYS}
        self.targets = dict.fromkeys(KEYS, 40)

    def text(self) -> bytes:
        lines = []
        for o in range(1, 4):
            lines += [f"[objectives.objective-{o}]", f'title = "Objective {o} of {self.team}"']
            lines += [f"rank = {o}", ""]
            for k in range(1, 5):
                key = f"objective-{o}/kr-{k}"
                lines += [
                    f"[objectives.objective-{o}.key_results.kr-{k}]",
                    f'title = "Raise metric {o}.{k} of {self.team} from 20% to 40%"',
                    f"rank = {k}",
                    'unit = "%"',
                    "baseline = 20",
                    f"target = {self.targets[key]}",
                ]
                if done := self.checkins[key]:
                    lines.append(f"current = {done[-1][1]}")
                    lines.append("checkins = [")
                    lines += [
                        f"    {{ date = {d}, value = {v}, confidence = {c} }}," for d, v, c in done
                    ]
                    lines.append("]")
                lines.append("")
        return "\n".join(lines).encode()


def build(root: Path, commits: int, teams: int, seed: int = 6) -> None:
    """A board whose history has ``commits`` commits: the set-up, then check-ins and a few
    target changes, each commit touching one team's file."""
    rng = random.Random(seed)
    state = [Team(f"team-{n:02d}") for n in range(1, teams + 1)]
    board = f'[board]\nname = "History bench"\ncurrent_quarter = "{QUARTER}"\n\n[teams]\n'
    board += "".join(
        f'{t.team} = {{ name = "{t.team}", rank = {i} }}\n' for i, t in enumerate(state)
    )
    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    files = {"board.toml": board.encode()}
    files |= {f"okrs/{QUARTER}/{t.team}.toml": t.text() for t in state}
    log = [("Maya Chen", "maya@example.com", start, "set up the board", files)]
    for n in range(1, commits):
        team, key = rng.choice(state), rng.choice(KEYS)
        when = start + dt.timedelta(hours=2 * n)
        if rng.random() < 0.05:
            team.targets[key] += rng.choice((-2, 2))
            message = f"okrs({QUARTER}/{team.team}): move the target of {key}"
        else:
            value = round(20 + 20 * rng.random(), 1)
            team.checkins[key].append((when.date(), value, rng.randint(3, 9)))
            message = f"okrs({QUARTER}/{team.team}): check in {key}"
        rel = f"okrs/{QUARTER}/{team.team}.toml"
        log.append(("Ravi Patel", "ravi@example.com", when, message, {rel: team.text()}))
    init_repo(root)
    import_history(root, log)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, args.commits, args.teams)
        touched = subprocess.run(
            ["git", "rev-list", "--count", "HEAD", "--", KR_FILE],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        git_log = ["git", "log", "-p", "--follow", "--", KR_FILE]
        gits, colds, warms, found = [], [], [], 0
        for _ in range(args.runs):
            gits.append(
                _timed(lambda: subprocess.run(git_log, cwd=root, stdout=subprocess.DEVNULL))
            )
            out = subprocess.run(
                [sys.executable, "-c", COLD, str(root), KR], capture_output=True, text=True
            ).stdout.split()
            colds.append(float(out[0]))
            found = int(out[1])
            history.history(root, KR)  # this process's caches are filled once ...
            warms.append(_timed(lambda: history.history(root, KR)))  # ... and used here
    git_s, cold, warm = (statistics.median(x) for x in (gits, colds, warms))
    print(f"{args.commits} commits; {touched} touch the KR's file; {found} changed the KR")
    print(f"{'git log -p --follow':<28}{git_s * 1000:>9.1f} ms")
    print(
        f"{'okrboard history, cold':<28}{cold * 1000:>9.1f} ms"
        f"  {cold / git_s:5.2f}x git  (target 2x)"
    )
    print(f"{'okrboard history, warm':<28}{warm * 1000:>9.1f} ms  (target 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
