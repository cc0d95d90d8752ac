"""Benchmark: the full rulebook over a province-size ledger.

    .venv/bin/python benchmarks/assess.py [--lines 1000000] [--seed 1] [--repeat 5]
                                          [--reference-lines N]

Generates the demo province (``resolute.demo.generate``), stores it as Parquet in a
temporary folder, then runs each measurement in a fresh process so that peak memory
belongs to that measurement alone. Peak memory is the process's own high-water mark
(``VmHWM`` in /proc/self/status): ``ru_maxrss`` of a process started from a large one
carries the parent's high-water mark over (Linux keeps it across exec), which made the
generator's memory look like the engine's.

- engine: the ledger loaded as an assessment needs it — only the columns the rulebook
  reads (``engine.columns_read``), code fields as enums (``engine.compact_lines``); with
  ``--all-columns``, every column as stored — then ``engine.assess_frames`` into the
  in-memory findings table, ``--repeat`` times (each result let go before the next); the
  median wall time is reported, with the peak resident memory of that process;
- reference: the plain per-record evaluator on the same data (once; it is slow), or on the
  first ``--reference-lines`` lines when given, in which case the ratio is computed per line.

Prints a table and one JSON line with every figure, and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mib() -> float:
    """This process's peak resident memory (see the module's docstring)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(folder: Path, limit: int | None, all_columns: bool = True):  # type: ignore[no-untyped-def]
    import polars as pl

    from resolute.core import engine, rulebook
    from resolute.core.ledger import Ledger

    def read(name: str, keep: frozenset[str] | None) -> pl.DataFrame:
        path = folder / name
        columns = None if keep is None else [c for c in pl.read_parquet_schema(path) if c in keep]
        return pl.read_parquet(path, columns=columns)

    ent_fields, line_fields = engine.columns_read(rulebook.default())
    lines = read("lines.parquet", None if all_columns else line_fields)
    enterprises = read("enterprises.parquet", None if all_columns else ent_fields)
    if not all_columns:
        lines = engine.compact_lines(lines)
    if limit is not None:
        lines = lines.head(limit)
        enterprises = enterprises.filter(pl.col("credit_code").is_in(lines["credit_code"]))
    return Ledger(enterprises, lines)


def worker(kind: str, folder: Path, repeat: int, limit: int | None, all_columns: bool) -> None:
    from resolute.core import engine, reference, rulebook

    book = rulebook.default()
    # the reference evaluator reads records whole: it gets every column
    ledger = _load(folder, limit, all_columns or kind == "reference")
    base = _peak_mib()
    times = []
    findings = 0
    for _ in range(repeat):
        started = time.perf_counter()
        if kind == "engine":
            result = engine.assess_frames(ledger, book)
            findings = result.findings.height + result.enterprise_findings.height
            del result  # the peak is one assessment's, not the last one's and the next's
        else:
            ref = reference.assess(ledger, book)
            findings = sum(len(v.findings) for v in ref.lines) + sum(
                len(e.findings) for e in ref.enterprises
            )
        times.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "kind": kind,
                "lines": ledger.lines.height,
                "enterprises": ledger.enterprises.height,
                "times_s": times,
                "median_s": statistics.median(times),
                "findings": findings,
                "peak_rss_mib": _peak_mib(),
                "rss_after_load_mib": base,
            }
        )
    )


def _run(
    kind: str, folder: Path, repeat: int, limit: int | None, all_columns: bool = False
) -> dict[str, object]:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        kind,
        "--data",
        str(folder),
        "--repeat",
        str(repeat),
    ]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    if all_columns:
        cmd.append("--all-columns")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


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
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}; load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reference-lines", type=int, default=None)
    parser.add_argument("--worker", choices=["engine", "reference"])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--all-columns", action="store_true", help="load every column")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data, args.repeat, args.limit, args.all_columns)
        return

    from resolute.core.ledger import Ledger
    from resolute.demo import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        enterprises, lines = generate(args.lines, args.seed)
        ledger = Ledger.from_records(enterprises, lines)
        del enterprises, lines
        ledger.lines.write_parquet(folder / "lines.parquet")
        ledger.enterprises.write_parquet(folder / "enterprises.parquet")
        gen_s = time.perf_counter() - started
        print(
            f"generated {ledger.lines.height:,} lines, {ledger.enterprises.height:,} "
            f"enterprises in {gen_s:.1f} s",
            file=sys.stderr,
        )
        eng = _run("engine", folder, args.repeat, None, args.all_columns)
        print(f"engine median {eng['median_s']:.2f} s", file=sys.stderr)
        ref = _run("reference", folder, 1, args.reference_lines)
        print(f"reference {ref['median_s']:.1f} s on {ref['lines']:,} lines", file=sys.stderr)

    per_line_eng = float(eng["median_s"]) / int(eng["lines"])  # type: ignore[arg-type]
    per_line_ref = float(ref["median_s"]) / int(ref["lines"])  # type: ignore[arg-type]
    ratio = per_line_ref / per_line_eng
    print(f"machine: {_machine()}")
    print(
        f"command: python benchmarks/assess.py --lines {args.lines} --seed {args.seed} "
        f"--repeat {args.repeat}"
        + (f" --reference-lines {args.reference_lines}" if args.reference_lines else "")
        + (" --all-columns" if args.all_columns else "")
    )
    print(f"{'':24}{'lines':>12}{'wall (median)':>16}{'peak RSS':>12}{'findings':>14}")
    for name, r in (("engine (Polars)", eng), ("reference (per record)", ref)):
        print(
            f"{name:24}{r['lines']:>12,}{r['median_s']:>14.2f} s{r['peak_rss_mib']:>8.0f} MiB"
            f"{r['findings']:>14,}"
        )
    print(f"engine runs: {', '.join(f'{t:.2f}' for t in eng['times_s'])} s")  # type: ignore[union-attr]
    print(f"speed ratio (reference ÷ engine, per line): {ratio:.1f}×")
    print(
        json.dumps(
            {"machine": _machine(), "engine": eng, "reference": ref, "ratio": ratio},
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
