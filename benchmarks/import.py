"""Benchmark: reading ledgers at province size — `resolute assess` and the web import.

    .venv/bin/python benchmarks/import.py [--json-lines 200000] [--xlsx-lines 100000]
                                          [--web-lines 100000] [--repeat 3] [--no-web]

Run by hand, never by the test suite. Reports medians of ``--repeat`` runs (wall-clock and
CPU seconds), the machine and every command:

1. ``resolute assess`` end to end on a JSON ledger of ``--json-lines`` lines (the demo
   province), against a plain read and write of the same file with the standard library
   (``json.loads`` then ``json.dumps(..., ensure_ascii=False, indent=1)`` written to disk,
   the way the file itself was written); the ratio is the issue's figure of merit (≤ 10×).
2. ``resolute assess`` end to end on a workbook of ``--xlsx-lines`` lines (target ≤ 10 s),
   the median of ``--repeat`` runs (3 by default) with each run's time.
3. The web import of a workbook of ``--web-lines`` lines through the service functions on
   PostgreSQL (``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/resolute_import_bench``;
   its name must contain "bench", because it is dropped and created afresh): ``examine``
   (read, validate, plan against the stored ledger) and ``confirm`` (plan again and apply
   with the audit history), by a province officer into an empty ledger (every row new).
   Target for the apply: ≤ 60 s. Run once (a second run would find nothing to do).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESOLUTE = str(Path(PYTHON).with_name("resolute"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/resolute_import_bench"


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
        f" {platform.system()} {platform.release()}; load average at start {load}"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], repeat: int, runs: list[float] | None = None) -> tuple[float, float]:
    """Median wall and CPU seconds of running ``command`` (output discarded); each run's
    wall seconds are added to ``runs``."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu)
    if runs is not None:
        runs += [round(w, 2) for w in walls]
    return statistics.median(walls), statistics.median(cpus)


PLAIN_JSON = (
    "import json,sys; d=json.loads(open(sys.argv[1],'rb').read());"
    " open(sys.argv[2],'w',encoding='utf-8').write(json.dumps(d,ensure_ascii=False,indent=1))"
)


def _ledger(path: Path, lines: int) -> None:
    subprocess.run([RESOLUTE, "demo-data", "--lines", str(lines), "--seed", "1",
                    "--out", str(path)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip


def bench_cli(work: Path, args: argparse.Namespace, report: dict[str, Any]) -> None:
    ledger = work / f"ledger-{args.json_lines}.json"
    _ledger(ledger, args.json_lines)
    plain = [PYTHON, "-c", PLAIN_JSON, str(ledger), str(work / "plain.json")]
    assess = [RESOLUTE, "-q", "assess", str(ledger), "--out", str(work / "findings.json")]
    report["plain_json_read_write"] = _run(plain, args.repeat)
    report["assess_json"] = _run(assess, args.repeat)
    report["commands"] += [shlex.join([*plain[:2], "<PLAIN_JSON>", *plain[3:]]), shlex.join(assess)]

    workbook = work / f"ledger-{args.xlsx_lines}.xlsx"
    _ledger(workbook, args.xlsx_lines)
    assess_x = [RESOLUTE, "-q", "assess", str(workbook), "--out", str(work / "findings-x.json")]
    report["assess_xlsx_runs"] = []
    report["assess_xlsx"] = _run(assess_x, args.repeat, report["assess_xlsx_runs"])
    report["commands"].append(shlex.join(assess_x))


def bench_web(work: Path, args: argparse.Namespace, report: dict[str, Any]) -> None:
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    name = url.rsplit("/", 1)[-1]
    if not url.startswith("postgres") or "bench" not in name or "127.0.0.1" not in url:
        raise SystemExit(f"DATABASE_URL must be a local PostgreSQL database named *bench*: {url}")
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "RESOLUTE_DATA_DIR": str(work / "data")}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    workbook = work / f"web-{args.web_lines}.xlsx"
    _ledger(workbook, args.web_lines)
    result = subprocess.run([PYTHON, __file__, "--web-child", str(workbook)], cwd=ROOT, env=env,
                            capture_output=True, text=True)  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"the web import failed:\n{result.stderr[-3000:]}")
    report["web"] = json.loads(result.stdout.strip().splitlines()[-1])
    report["commands"].append(f"DATABASE_URL={url} (service functions examine, confirm)")


def web_child(workbook: Path) -> None:
    """In a process with Django set up on the benchmark database: time the import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.web.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resolute.web.accounts.models import Profile, Role
    from resolute.web.audit.models import AuditEvent
    from resolute.web.imports import services
    from resolute.web.imports.models import ImportBatch, Status

    settings.RESOLUTE_UPLOAD_MAX_BYTES = max(settings.RESOLUTE_UPLOAD_MAX_BYTES, 1 << 30)

    from resolute.web.audit.context import acting_as

    with acting_as(None, via="基准测试", name="benchmarks/import.py"):
        user = get_user_model().objects.create_user("bench_province", password="x")
        Profile.objects.create(user=user, role=Role.PROVINCE)
    batch = ImportBatch(user=user, original_name=workbook.name)
    batch.file.save(workbook.name, SimpleUploadedFile(workbook.name, workbook.read_bytes()),
                    save=False)  # fmt: skip
    batch.save()
    stages: list[tuple[str, float]] = []
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if not stages or stages[-1][0] != stage:
            stages.append((stage, round(time.perf_counter() - started, 1)))

    services.examine(batch, progress=progress)
    examined = time.perf_counter() - started
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED, (batch.status, batch.errors[:3], batch.message)
    started = time.perf_counter()
    _, notice = services.confirm(batch.pk, user, progress=progress)
    applied = time.perf_counter() - started
    batch.refresh_from_db()
    assert batch.status == Status.APPLIED, (batch.status, notice.text)
    print(json.dumps({"examine_s": round(examined, 1), "confirm_s": round(applied, 1),
                      "counts": batch.summary["applied"], "audit_events": AuditEvent.objects.count(),
                      "stages": stages}, ensure_ascii=False))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--json-lines", type=int, default=200_000)
    parser.add_argument("--xlsx-lines", type=int, default=100_000)
    parser.add_argument("--web-lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-web", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--web-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.web_child:
        web_child(Path(args.web_child))
        return
    report: dict[str, Any] = {"machine": _machine(), "command": shlex.join(sys.argv),
                              "commands": []}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="resolute-import-bench-") as tmp:
        work = Path(tmp)
        if not args.no_cli:
            bench_cli(work, args, report)
            plain_wall, plain_cpu = report["plain_json_read_write"]
            wall, cpu = report["assess_json"]
            print(f"plain JSON read+write, {args.json_lines} lines: {plain_wall:.1f} s wall, "
                  f"{plain_cpu:.1f} s CPU (median of {args.repeat})")  # fmt: skip
            print(f"resolute assess, {args.json_lines}-line JSON: {wall:.1f} s wall "
                  f"({wall / plain_wall:.1f}×), {cpu:.1f} s CPU ({cpu / plain_cpu:.1f}×)")  # fmt: skip
            wall, cpu = report["assess_xlsx"]
            runs = ", ".join(f"{w:.1f}" for w in report["assess_xlsx_runs"])
            print(f"resolute assess, {args.xlsx_lines}-line xlsx: {wall:.1f} s wall (median of "
                  f"{args.repeat}: {runs} s; target ≤ 10 s), {cpu:.1f} s CPU")  # fmt: skip
        if not args.no_web:
            bench_web(work, args, report)
            web = report["web"]
            print(f"web import of {args.web_lines} lines on PostgreSQL: examine (read, validate,"
                  f" plan) {web['examine_s']} s; confirm (re-plan, apply, audit) "
                  f"{web['confirm_s']} s; {web['audit_events']} audit events")  # fmt: skip
    print(f"machine: {report['machine']}")
    print(f"command: {report['command']}")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
