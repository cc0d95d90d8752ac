"""Progress of long work, stored sparingly: the one throttle behind a job's and a computed
set's progress callbacks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

#: A progress callback: (stage, done, total).
Progress = Callable[[str, int, int], None]


def throttled(store: Callable[[dict[str, Any]], object], every: float,
              clock: Callable[[], float] = time.monotonic) -> Progress:  # fmt: skip
    """A progress callback that hands ``{"stage", "done", "total"}`` to ``store`` at most once
    per ``every`` seconds — except a new stage's first report and a stage's last (done =
    total), which are always stored."""
    last: dict[str, Any] = {"at": None, "stage": None}

    def report(stage: str, done: int, total: int) -> None:
        now = clock()
        due = (last["at"] is None or now - last["at"] >= every or stage != last["stage"]
               or bool(total and done >= total))  # fmt: skip
        if not due:
            return
        last.update(at=now, stage=stage)
        store({"stage": stage, "done": int(done), "total": int(total)})

    return report
