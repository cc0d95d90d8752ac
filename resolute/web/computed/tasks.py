"""Building computed sets as background tasks (resolute.web.lib.background)."""

from __future__ import annotations

from typing import Any

from resolute.web.lib.background import ON_DEATH
from resolute.web.lib.compat_tasks import task


@task()
def build_set(set_id: int) -> None:
    """Compute a set's rows and make it ready (resolute.web.computed.services)."""
    from resolute.web.computed.services import run

    run(set_id)


def _build_died(args: list[Any], reason: str) -> None:
    from resolute.web.computed.services import fail

    if args:
        fail(int(args[0]), reason)


ON_DEATH[build_set.module_path] = _build_died
