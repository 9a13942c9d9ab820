"""How long loading the sample board takes, against parsing its files with bare tomllib.

    python bench/load_sample.py [--runs N]

Prints medians and the ratio, measured in the same run on the same files. Target: loading
(parse, validate, build the model) under 50 ms. A benchmark, not a test: CI machines are
noisy, so nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from pathlib import Path

from okrboard.files.load import load_board

SAMPLE = Path(__file__).resolve().parent.parent / "board_data"
TARGET_MS = 50.0


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_parse(files: list[Path]) -> None:
    for path in files:
        tomllib.loads(path.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    files = sorted(SAMPLE.rglob("*.toml"))
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)
    board = load_board(SAMPLE)  # warm the imports and the file cache
    assert not board.problems, board.problems
    loading = median_ms(lambda: load_board(SAMPLE), args.runs)
    parsing = median_ms(lambda: bare_parse(files), args.runs)
    verdict = "meets" if loading < TARGET_MS else "MISSES"
    print(f"sample board: {len(files)} files, {lines} lines, median of {args.runs} runs")
    print(f"  load_board (parse + validate + model): {loading:7.2f} ms")
    print(f"  bare tomllib parse of the same files:  {parsing:7.2f} ms")
    print(f"  ratio load / bare parse:               {loading / parsing:7.2f}x")
    print(f"  target < {TARGET_MS:.0f} ms: {verdict} it ({loading / TARGET_MS:.2f} of the budget)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
