"""Two people edit one board at once, again and again: how often does the merge just work?

    python bench/merge_sim.py [--pairs 1000] [--seed 1] [--clones N]

Each pair starts from the sample board's growth team (its Q4 OKRs, roadmap and tree). Each
side makes one random edit the way okrboard's TUI does (a field, a check-in, a new item, a
card moved to another horizon, a tree node moved to another parent); the two are merged
with git's line merge (``git merge-file``) and with okrboard's merge. Every result is
checked: valid TOML, and no edit of either side lost (kept, or recorded as a conflict).
``--clones N`` also runs the first N pairs through real git in two clones of a bare
remote, as ``git merge``, ``git rebase`` and ``git cherry-pick``, without and with the
merge driver set up by ``okrboard setup-git``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from okrboard.create.demo import SAMPLE
from okrboard.domain import edits, ranks
from okrboard.domain.model import Board, CheckIn, RoadmapTheme, TreeNode
from okrboard.files.conflicts import KEY
from okrboard.files.load import load_files
from okrboard.files.store import encoded, render, value_key
from okrboard.git.mergedriver import merge_texts

QUARTER, TEAM, TREE = "2026-Q4", "growth", "activation"
FILES = ("board.toml", f"okrs/{QUARTER}/{TEAM}.toml", f"roadmaps/{TEAM}.toml", f"trees/{TREE}.toml")
NAMES = ["Maya Chen", "Ravi Patel", "Ana Sousa", "Tom Berg", "Lena Wu", "Omar Haddad"]
WORDS = ["guided", "invite", "import", "template", "pricing", "trial", "onboarding", "search"]
KINDS = ["field", "checkin", "new", "move", "reparent"]
PARENT = {
    "solution": "opportunity",
    "assumption": "solution",
    "test": "assumption",
    "opportunity": "",
}


def base_files() -> dict[str, bytes]:
    return {rel: (SAMPLE / rel).read_bytes() for rel in FILES}


# -- one random edit, as the TUI makes it -------------------------------------------------------


def random_edit(rng: random.Random) -> tuple[str, Callable[[Board], object]]:
    """A kind of edit and the change it makes to a board (returning the part to save)."""
    kind = rng.choice(KINDS)
    pick = rng.random()
    word, number = rng.choice(WORDS), rng.randrange(1, 10_000)

    def okrs(board: Board):
        return board.okrs[(QUARTER, TEAM)]

    def krs(board: Board):
        return [kr for o in okrs(board).objectives.values() for kr in o.key_results.values()]

    def change(board: Board):
        tq, roadmap, tree = okrs(board), board.roadmaps[TEAM], board.trees[TREE]
        if kind == "field":
            if pick < 0.5:
                kr = _choose(rng, krs(board))
                name = rng.choice(["target", "owner", "description", "stretch", "links"])
                if name == "links":
                    kr.links = [*(kr.links or []), f"GROW-{number}"]
                else:
                    value = {
                        "target": round((kr.target or 0) + rng.randrange(1, 20), 1),
                        "owner": rng.choice(NAMES),
                        "description": f"Measured weekly from the {word} funnel ({number}).",
                        "stretch": round((kr.target or 0) * 1.2 + rng.randrange(1, 9), 1),
                    }[name]
                    setattr(kr, name, value)
                return tq
            if pick < 0.8:
                theme = _choose(rng, roadmap.themes.values())
                name = rng.choice(["status", "owner", "confidence", "problem"])
                value = {
                    "status": rng.choice(["idea", "discovery", "in-progress", "shipped"]),
                    "owner": rng.choice(NAMES),
                    "confidence": rng.randrange(1, 11),
                    "problem": f"Teams stall at {word} ({number}).",
                }[name]
                setattr(theme, name, value)
                return roadmap
            node = _choose(rng, tree.nodes.values())
            node.title = f"{node.title} ({word} {number})"
            return tree
        if kind == "checkin":
            kr = _choose(rng, krs(board))
            day = dt.date(2026, 10, 1) + dt.timedelta(days=rng.randrange(0, 90))
            value = round(
                (kr.baseline or 0) + rng.random() * ((kr.target or 1) - (kr.baseline or 0)), 1
            )
            checkin = CheckIn(date=day, value=value, confidence=rng.randrange(1, 11))
            edits.add_checkin(kr, checkin)
            return tq
        if kind == "new":
            title = f"{word.capitalize()} experiment {number}"
            if pick < 0.4:
                objective = _choose(rng, tq.objectives.values())
                edits.add_key_result(objective, f"{title}: from 10% to 20%", baseline=10, target=20)
                return tq
            if pick < 0.7:
                ranks.add_item(roadmap.themes, RoadmapTheme, title, horizon="later")
                return roadmap
            parents = [n for n in tree.nodes.values() if n.type == "opportunity"]
            ranks.add_item(
                tree.nodes, TreeNode, title, type="solution", parent=_choose(rng, parents).id
            )
            return tree
        if kind == "move":
            theme = _choose(rng, roadmap.themes.values())
            theme.horizon = rng.choice([h for h in ("now", "next", "later") if h != theme.horizon])
            return roadmap
        node = _choose(rng, [n for n in tree.nodes.values() if n.parent and n.type in PARENT])
        others = [
            n
            for n in tree.nodes.values()
            if n.type == PARENT[node.type] and n.id != node.parent and n.id != node.id
        ]
        if others and node.type != "opportunity":  # an opportunity moves to the top
            node.parent = _choose(rng, others).id
        else:
            node.parent = None
        return tree

    return kind, change


def _choose(rng: random.Random, items):
    items = sorted(items, key=lambda item: item.id)
    return items[rng.randrange(len(items))]


def edited_files(files: dict[str, bytes], change) -> dict[str, bytes]:
    """The board's files after ``change``, written as okrboard writes them."""
    board = load_files(Path("."), files)
    rel, plain = encoded(change(board))
    return {**files, rel: render(files[rel].decode("utf-8"), plain).encode("utf-8")}


# -- checking a merge ---------------------------------------------------------------------------


def leaves(value, path=()) -> dict[tuple, object]:
    """Every leaf of a TOML document by key path; a list is one leaf, held as a set."""
    if isinstance(value, dict):
        out = {}
        for key, sub in value.items():
            out.update(leaves(sub, (*path, key)))
        return out
    if isinstance(value, list):
        return {path: frozenset(value_key(v) for v in value)}
    return {path: value_key(value)}


def collides(base: dict, ours: dict, theirs: dict) -> bool:
    """Both sides set one value (not a list) to two different values: a conflict that no
    merge may decide for the people who made it."""
    b, o, t = leaves(base), leaves(ours), leaves(theirs)
    return any(
        not isinstance(o.get(path), frozenset)
        and o.get(path) != b.get(path) != t.get(path) != o.get(path)
        for path in set(o) & set(t)
    )


def lost_edits(base: dict, side: dict, merged: dict, other: dict) -> list[str]:
    """The leaves ``side`` changed that ``merged`` does not hold (nor records as conflict).

    A KR's ``current`` and ``confidence`` may instead follow the newest merged check-in
    when both sides checked in.
    """
    b, s, m = leaves(base), leaves(side), leaves(merged)
    recorded = [tuple(c["path"]) for c in merged.get(KEY, [])]
    lost = []
    for path in set(b) | set(s):
        if path[:1] == (KEY,) or b.get(path) == s.get(path):
            continue
        if any(path[: len(r)] == r for r in recorded):
            continue
        if isinstance(s.get(path), frozenset):
            added = s[path] - b.get(path, frozenset())
            removed = b.get(path, frozenset()) - s[path]
            held = m.get(path, frozenset())
            if added - held or removed & held:
                lost.append("/".join(map(str, path)))
        elif m.get(path) != s.get(path) and not _follows(path, merged, other, side):
            lost.append("/".join(map(str, path)))
    return lost


def _follows(path: tuple, merged: dict, other: dict, side: dict) -> bool:
    if path[-1] not in ("current", "confidence"):
        return False
    table = merged
    for part in path[:-1]:
        table = table.get(part, {})
    checkins = [c for c in table.get("checkins", []) if isinstance(c, dict)]
    if not checkins:
        return False
    newest = sorted(checkins, key=lambda c: c["date"])[-1]
    return table.get(path[-1]) == newest.get("value" if path[-1] == "current" else "confidence")


@dataclass
class Tally:
    pairs: int = 0
    overlapping: int = 0  # pairs where both sides changed the same file
    clean: int = 0
    invalid: int = 0
    lost: int = 0
    collided: int = 0  # pairs where both sides set one field to two values: a true conflict
    needless: int = 0  # pairs not merged cleanly with no such collision: the merge's fault
    examples: list[str] = field(default_factory=list)

    def rate(self) -> float:
        return self.clean / self.pairs if self.pairs else 1.0

    def overlap_rate(self) -> float:
        """The clean rate among pairs that changed one file on both sides."""
        clean = self.clean - (self.pairs - self.overlapping)
        return clean / self.overlapping if self.overlapping else 1.0


def merge_pair(
    base: dict[str, bytes],
    ours: dict[str, bytes],
    theirs: dict[str, bytes],
    git: Tally,
    okr: Tally,
    label: str,
) -> None:
    """Merge every file both sides changed, both ways, and tally each way's outcome."""
    git.pairs += 1
    okr.pairs += 1
    both = [rel for rel in base if ours[rel] != base[rel] and theirs[rel] != base[rel]]
    if not both:
        git.clean += 1
        okr.clean += 1
        return
    git.overlapping += 1
    okr.overlapping += 1
    git_ok = okr_ok = True
    plains = {
        rel: [tomllib.loads(f[rel].decode("utf-8")) for f in (base, ours, theirs)] for rel in both
    }
    collided = any(collides(*plain) for plain in plains.values())
    git.collided += collided
    okr.collided += collided
    for rel in both:
        texts = [f[rel].decode("utf-8") for f in (base, ours, theirs)]
        plain = plains[rel]
        clean, text = line_merge(*texts)
        git_ok &= clean and _check(text, plain, git, f"{label} {rel}")
        text, conflicts = merge_texts(*texts)
        okr_ok &= _check(text, plain, okr, f"{label} {rel}") and not conflicts
    git.clean += git_ok
    okr.clean += okr_ok
    git.needless += not git_ok and not collided
    okr.needless += not okr_ok and not collided


def _check(text: str, plain: list[dict], tally: Tally, label: str) -> bool:
    try:
        merged = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        tally.invalid += 1
        tally.examples.append(f"{label}: invalid TOML")
        return False
    base, ours, theirs = plain
    lost = lost_edits(base, ours, merged, theirs) + lost_edits(base, theirs, merged, ours)
    if lost:
        tally.lost += 1
        tally.examples.append(f"{label}: lost {', '.join(lost[:3])}")
        return False
    return True


def line_merge(base: str, ours: str, theirs: str) -> tuple[bool, str]:
    """git's own three-way line merge: (clean, merged text)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        done = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, text=True)
    return done.returncode == 0, done.stdout


def pairs(count: int, seed: int):
    """``count`` seeded pairs: (label, base files, our files, their files)."""
    rng = random.Random(seed)
    base = base_files()
    for index in range(count):
        (kind_a, edit_a), (kind_b, edit_b) = random_edit(rng), random_edit(rng)
        yield (
            f"pair {index} ({kind_a} × {kind_b})",
            base,
            edited_files(base, edit_a),
            edited_files(base, edit_b),
        )


def simulate(count: int = 1000, seed: int = 1) -> tuple[Tally, Tally]:
    """(git's line merge, okrboard's merge) over ``count`` seeded pairs."""
    git, okr = Tally(), Tally()
    for label, base, ours, theirs in pairs(count, seed):
        merge_pair(base, ours, theirs, git, okr, label)
    return git, okr


# -- the same through real clones ----------------------------------------------------------------


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


# How the second clone takes the first one's commit, and how it backs out of a conflict.
WORKFLOWS = {
    "merge": (("merge", "--no-edit"), ("merge", "--abort")),
    "rebase": (("rebase",), ("rebase", "--abort")),
    # Both sides may make the same edit: the pick is then empty, which git stops at.
    "cherry-pick": (("cherry-pick", "--keep-redundant-commits"), ("cherry-pick", "--abort")),
}


def simulate_clones(
    count: int, seed: int, folder: Path, driver: bool = True, workflow: str = "merge"
) -> Tally:
    """The first ``count`` pairs through git in two clones of a bare remote: the second
    clone merges the first one's branch, rebases onto it, or cherry-picks its commit
    (``workflow``); git runs the merge driver in all three."""
    take, back_out = WORKFLOWS[workflow]
    from okrboard.git.setup import setup_git

    remote, a, b = folder / "remote.git", folder / "a", folder / "b"
    seed_repo = folder / "seed"
    seed_repo.mkdir(parents=True)
    _git(seed_repo, "init", "-q", "-b", "main")
    for rel, data in base_files().items():
        (seed_repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed_repo / rel).write_bytes(data)
    if driver:
        setup_git(seed_repo, versioned=True)
    for step in (
        ("add", "-A"),
        ("-c", "user.name=Seed", "-c", "user.email=s@x", "commit", "-qm", "base"),
    ):
        _git(seed_repo, *step)
    _git(folder, "clone", "-q", "--bare", str(seed_repo), str(remote))
    for clone in (a, b):
        _git(folder, "clone", "-q", str(remote), str(clone))
        _git(clone, "config", "user.name", clone.name)
        _git(clone, "config", "user.email", f"{clone.name}@example.com")
        if driver:
            setup_git(clone)
    tally = Tally()
    for index, (label, base, ours, theirs) in enumerate(pairs(count, seed)):
        branch = f"pair-{index}"
        for clone, files in ((a, ours), (b, theirs)):
            _git(clone, "checkout", "-q", "-B", branch, "origin/main")
            for rel, data in files.items():
                (clone / rel).write_bytes(data)
            _git(clone, "commit", "-qam", f"{clone.name}: {label}")
        _git(a, "push", "-q", "origin", branch)
        _git(b, "fetch", "-q", "origin", branch)
        if _git(b, "rev-list", "--count", f"origin/main..origin/{branch}").stdout.strip() == "0":
            merged = subprocess.CompletedProcess([], 0, "", "")  # a's edit changed nothing
        else:
            merged = _git(b, *take, f"origin/{branch}")
        tally.pairs += 1
        clean = merged.returncode == 0
        for rel in base if clean or driver else ():  # git's own conflicts leave markers
            text = (b / rel).read_text(encoding="utf-8")
            plain = [tomllib.loads(f[rel].decode("utf-8")) for f in (base, ours, theirs)]
            clean &= _check(text, plain, tally, f"{label} {rel}")
        tally.clean += clean
        if merged.returncode != 0:
            why = (merged.stderr or merged.stdout).strip().splitlines()
            tally.examples.append(f"{label}: {workflow} stopped: {why[0] if why else ''}")
            _git(b, *back_out)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clones", type=int, default=0, metavar="N")
    args = parser.parse_args()
    git, okr = simulate(args.pairs, args.seed)
    print(
        f"{args.pairs} concurrent edit pairs (seed {args.seed}); "
        f"both sides changed one file in {okr.overlapping}"
    )
    print(
        f"{'merge':<28}{'clean':>8}{'rate':>9}{'same file':>11}"
        f"{'invalid TOML':>14}{'lost edits':>12}{'needless':>10}"
    )
    for name, tally in (("git line merge", git), ("okrboard merge", okr)):
        print(
            f"{name:<28}{tally.clean:>8}{tally.rate():>9.1%}{tally.overlap_rate():>11.1%}"
            f"{tally.invalid:>14}{tally.lost:>12}{tally.needless:>10}"
        )
    print(
        f"{okr.collided} pairs set one field to two values on both sides: a true conflict, "
        "unless a rule decides it (a KR's current value follows the newest check-in); "
        "needless: not merged although nothing collided"
    )
    if args.clones:
        for name, driver, workflow in (
            ("git merge, plain clones", False, "merge"),
            ("git merge + okrboard driver", True, "merge"),
            ("git rebase, plain clones", False, "rebase"),
            ("git rebase + okrboard driver", True, "rebase"),
            ("git cherry-pick, plain", False, "cherry-pick"),
            ("git cherry-pick + driver", True, "cherry-pick"),
        ):
            with tempfile.TemporaryDirectory() as folder:
                tally = simulate_clones(args.clones, args.seed, Path(folder), driver, workflow)
            print(
                f"{name:<28}{tally.clean:>8}{tally.rate():>9.1%}{'':>11}{tally.invalid:>14}{tally.lost:>12}"
            )
    for example in okr.examples[:10]:
        print("  okrboard:", example)


if __name__ == "__main__":
    main()
