"""Time each computed page once cold and once warm for a province officer, single client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/resolute_bench .venv/bin/python benchmarks/pages.py

Uses a database already loaded by ``benchmarks/web.py`` (or ``manage.py load_demo``); run by
hand, never by the test suite. Prints milliseconds per page for two rounds: the first builds
the converted ledger, the second reuses it (it is kept until the ledger data changes).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from typing import Any

PAGES = ["/ledger/", "/dashboard/", "/targets/", "/targets/obligations/", "/pricing/surcharges/",
         "/pricing/classes/", "/supervision/risks/", "/replacement/credit/",
         "/assessments/eliminations/"]  # fmt: skip


def province_client() -> Any:
    """A Django test client signed in as the demo's province officer (Django set up)."""
    from django.conf import settings
    from django.test import Client

    from resolute.web.accounts.models import Profile

    settings.ALLOWED_HOSTS = ["*"]
    profile = Profile.objects.filter(role="province").first()
    if profile is None:
        sys.exit("no province user: load the demo first (manage.py load_demo)")
    client = Client()
    client.force_login(profile.user)
    return client


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.web.settings")
    import django

    django.setup()
    from resolute.web.ledger.models import Line

    client = province_client()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; lines: {Line.objects.count():,}")  # fmt: skip
    print(f"{'page':30}{'round 1 ms':>12}{'round 2 ms':>12}")
    times: dict[str, list[float]] = {p: [] for p in PAGES}
    for _ in range(2):
        for path in PAGES:
            started = time.perf_counter()
            status = client.get(path).status_code
            if status != 200:
                sys.exit(f"{path} answered {status}")
            times[path].append((time.perf_counter() - started) * 1000)
    for path, (cold, warm) in times.items():
        print(f"{path:30}{cold:12.0f}{warm:12.0f}")


if __name__ == "__main__":
    main()
