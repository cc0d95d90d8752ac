"""Benchmark: the first requests of a fresh server process, with and without the start-up
warm-up (resolute.web.front.startup, which the WSGI module runs), province officer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/resolute_bench \\
        .venv/bin/python benchmarks/first_request.py [/dashboard/ /targets/ …]

Uses a database already loaded (``benchmarks/web.py`` or ``manage.py load_demo``); run by
hand, never by the test suite. Each case runs in a new process (``--case``): the start-up
(Django set-up, and the warm-up when on), then each page twice, wall-clock and CPU time,
with the load average (on a busy machine the wall-clock times grow, the CPU times much less).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

PAGES = ["/dashboard/", "/targets/", "/pricing/surcharges/"]


def case(warm: bool, pages: list[str]) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.web.settings")
    import django

    django.setup()
    if warm:
        from resolute.web.front.startup import warm_up

        warm_up()
    print(f"  start-up{' with warm-up' if warm else ''}: "
          f"{time.perf_counter() - started:.2f} s, CPU {time.process_time() - cpu:.2f} s")  # fmt: skip
    from pages import province_client  # benchmarks/pages.py

    client = province_client()
    for path in pages:
        for n in (1, 2):
            started, cpu = time.perf_counter(), time.process_time()
            status = client.get(path).status_code
            wall, used = time.perf_counter() - started, time.process_time() - cpu
            print(f"  {path} request {n}: {status}, {wall * 1000:.0f} ms, CPU {used * 1000:.0f} ms")


def main() -> None:
    if sys.argv[1:2] == ["--case"]:
        case(sys.argv[2] == "warm", sys.argv[3:])
        return
    pages = sys.argv[1:] or PAGES
    for mode in ("cold", "warm"):
        print(f"{'without' if mode == 'cold' else 'with'} the warm-up "
              f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}):")  # fmt: skip
        subprocess.run([sys.executable, __file__, "--case", mode, *pages], check=True)


if __name__ == "__main__":
    main()
