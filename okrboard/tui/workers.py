"""Background work that fails is said, never fatal."""

from __future__ import annotations

from collections.abc import Iterable

from textual.worker import Worker, WorkerState

# The groups of workers that wait on the user (a form, a question: push_screen_wait), not
# on git or the disk: never "background work" that a caller waits to end.
ASKING = frozenset({"form", "ask"})


def background(workers: Iterable[Worker]) -> list[Worker]:
    """The workers still doing background work (the asking ones left out)."""
    return [w for w in workers if not w.is_finished and w.group not in ASKING]


class SaysFailedWorkers:
    """For the app and each screen that starts workers (git, the disk, the coach): a worker
    that raises is said in a message and the app goes on. Textual posts a worker's state to
    the node that started it, without bubbling, so each such node mixes this in; every
    worker is started with ``exit_on_error=False``."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            worker = event.worker
            what = worker.group if worker.group != "default" else "a background task"
            worker.node.app.notify(f"{what} failed: {worker.error}", severity="error", timeout=10)
