"""Benchmark: the dated duties of 二(三) over a province-size ledger.

    .venv/bin/python benchmarks/obligations.py [--lines 100000] [--seed 1] [--repeat 3]

Generates the demo province (``resolute.demo.generate``) and times
``obligations.evaluate`` on 2022-12-31 (the plan's last deadline). Prints the median wall
time, the counts, the machine and the command. The test suite checks the counts on a
synthetic 100,000-line ledger but never the time: timing depends on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time

AS_OF = dt.date(2022, 12, 31)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from resolute import demo
    from resolute.core import obligations
    from resolute.core.ledger import Ledger

    enterprises, lines = demo.generate(args.lines, args.seed)
    ledger = Ledger.from_records(enterprises, lines)
    times = []
    report = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = obligations.evaluate(ledger, AS_OF)
        times.append(time.perf_counter() - started)
    assert report is not None
    median = statistics.median(times)
    print(f"lines: {ledger.lines.height}  enterprises: {ledger.enterprises.height}")
    print(f"obligations median wall time of {args.repeat}: {median:.3f} s")
    print(f"obligations {len(report.obligations)}, undetermined {len(report.undetermined)}")
    figures = {
        "lines": ledger.lines.height,
        "median_s": round(median, 4),
        "times_s": [round(t, 4) for t in times],
        "machine": f"{platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}",
        "python": platform.python_version(),
        "command": " ".join([sys.executable, *sys.argv]),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
