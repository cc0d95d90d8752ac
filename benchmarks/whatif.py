"""Benchmark: a policy what-if over a province-size ledger.

    .venv/bin/python benchmarks/whatif.py [--lines 100000] [--seed 1] [--repeat 3]

Generates the demo province (``resolute.demo.generate``), then times
``whatif.compare`` with 单位用地税收 2.6 → 3.0 万元/亩 (steel.efficiency.tax_per_mu) and
clinker 2500 → 3000 t/d (cement.technology.clinker_2500): both assessments and the
difference, plus the JSON summary. Prints the median wall time, the machine and the command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

CHANGES = {"steel.efficiency.tax_per_mu": 3.0, "cement.technology.clinker_2500": 3000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from resolute import demo
    from resolute.core import rulebook, whatif
    from resolute.core.ledger import Ledger

    enterprises, lines = demo.generate(args.lines, args.seed)
    ledger = Ledger.from_records(enterprises, lines)
    book = rulebook.default()
    times = []
    summary: dict[str, object] = {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        summary = whatif.compare(ledger, CHANGES, book).summary()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"lines: {ledger.lines.height}  enterprises: {ledger.enterprises.height}")
    print(f"what-if median wall time of {args.repeat}: {median:.3f} s")
    print(
        f"changed lines {summary['lines_changed']}, newly eliminated "
        f"{summary['lines_newly_eliminated']}, enterprises newly eliminated "
        f"{summary['enterprises_newly_eliminated']}, employees {summary['employees']}"
    )
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
