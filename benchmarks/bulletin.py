"""Benchmark: the quarterly bulletin (季通报) of a province-size ledger.

    .venv/bin/python benchmarks/bulletin.py [--lines 100000] [--seed 1] [--quarter 2022Q4]
                                            [--repeat 3] [--full-page-pdf]

Generates the demo province (``resolute.demo.generate``), then times each step ``--repeat``
times and reports the median: building the bulletin (obligations, progress, headline,
ranking, overdue lines), rendering the HTML page (with the full list of overdue lines as its
annex), the PDF (WeasyPrint, Noto CJK fonts: the printed bulletin, overdue lines counted by
city) and the Excel workbook, and ``write_all`` (all four files, written atomically).
``--full-page-pdf`` also times the web page with its full list set as PDF, which is what the
PDF was before the list moved to the annex. Prints a table (wall-clock and CPU seconds: on a
loaded machine compare the CPU medians), the machine, its load and the command, and one JSON
line with every figure.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}"
    )


class Runs(list[float]):
    """Wall-clock seconds of each run, and beside them (``cpu``) the CPU seconds of this
    process: on a loaded machine the wall clock measures the other users too, the CPU time of
    this single-threaded work does not."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []


def _timed(step: Callable[[], Any], repeat: int) -> tuple[Runs, Any]:
    runs, result = Runs(), None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = step()
        runs.append(time.perf_counter() - started)
        runs.cpu.append(time.process_time() - cpu)
    return runs, result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quarter", default="2022Q4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full-page-pdf", action="store_true")
    args = parser.parse_args()

    import datetime as dt

    from resolute.core.bulletin import Issue, Quarter, build_bulletin, content_hash
    from resolute.core.ledger import Ledger
    from resolute.demo import generate
    from resolute.io import bulletin as out

    quarter = Quarter.parse(args.quarter)
    started = time.perf_counter()
    ledger = Ledger.from_records(*generate(args.lines, args.seed))
    print(
        f"generated {ledger.lines.height:,} lines, {ledger.enterprises.height:,} enterprises"
        f" in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    import weasyprint  # noqa: F401  -- imported once, outside the timings

    figures: dict[str, Runs] = {}
    figures["build"], b = _timed(lambda: build_bulletin(ledger, quarter), args.repeat)
    issue = Issue(number=1, issued_on=quarter.end + dt.timedelta(days=10))
    digest = content_hash(b)
    figures["html"], html = _timed(lambda: out.render_html(b, digest, issue), args.repeat)
    figures["pdf"], pdf = _timed(lambda: out.pdf_bytes(b, digest=digest, issue=issue), args.repeat)
    full_pdf = b""
    if args.full_page_pdf:
        figures["pdf_full_page"], full_pdf = _timed(
            lambda: out.pdf_bytes_of_html(html), args.repeat
        )

    def workbook() -> int:
        return len(out.xlsx_bytes(b, digest, issue))

    figures["xlsx"], xlsx_size = _timed(workbook, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        figures["write_all"], _ = _timed(lambda: out.write_all(b, tmp, issue), args.repeat)

    medians = {k: statistics.median(v) for k, v in figures.items()}

    def count_pages(data: bytes) -> int | None:
        try:
            from pypdf import PdfReader
        except ImportError:  # a dev dependency
            return None
        return len(PdfReader(io.BytesIO(data)).pages) if data else None

    pages, full_pages = count_pages(pdf), count_pages(full_pdf)
    print(f"machine: {_machine()}")
    print(
        f"command: python benchmarks/bulletin.py --lines {args.lines} --seed {args.seed}"
        f" --quarter {args.quarter} --repeat {args.repeat}"
        + (" --full-page-pdf" if args.full_page_pdf else "")
    )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"bulletin {quarter}: {len(b.targets)} targets, {len(b.ranking)} cities,"
        f" {len(b.overdue):,} overdue obligations; HTML {len(html.encode()) / 1024:,.0f} KiB,"
        f" PDF {len(pdf) / 1024:,.0f} KiB ({pages} pages), XLSX {xlsx_size / 1024:,.0f} KiB"
        + (f", full page as PDF {full_pages} pages" if full_pdf else "")
    )
    labels = {
        "build": "build (core)",
        "html": "render HTML",
        "pdf": "render PDF",
        "pdf_full_page": "web page as PDF",
        "xlsx": "build XLSX",
        "write_all": "write_all (4 files)",
    }
    cpu = {k: v.cpu for k, v in figures.items()}
    print(f"{'step':24}{'median':>10}   runs (wall clock)       median CPU   runs (CPU)")
    for key, label in labels.items():
        if key not in figures:
            continue
        runs = ", ".join(f"{t:.2f}" for t in figures[key])
        cpu_runs = ", ".join(f"{t:.2f}" for t in cpu[key])
        print(
            f"{label:24}{medians[key]:>8.2f} s   {runs:22} {statistics.median(cpu[key]):>8.2f} s"
            f"   {cpu_runs}"
        )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(
        json.dumps(
            {
                "machine": _machine(),
                "lines": ledger.lines.height,
                "quarter": str(quarter),
                "overdue": len(b.overdue),
                "pdf_bytes": len(pdf),
                "pdf_pages": pages,
                "full_page_pdf_pages": full_pages,
                "times_s": figures,
                "median_s": medians,
                "cpu_s": cpu,
                "median_cpu_s": {k: statistics.median(v) for k, v in cpu.items()},
                "content_hash": content_hash(b),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
