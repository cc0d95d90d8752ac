"""Benchmark: the web pages and the API under 20 concurrent clients, on PostgreSQL.

    .venv/bin/python benchmarks/web.py [--lines 100000] [--users 20] [--duration 60]
                                       [--workers 2] [--threads 4] [--think 0.5-1.5]
                                       [--reuse] [--no-analyze]

Run by hand, never by the test suite. Everything stays on this machine: the database must be
on 127.0.0.1 and the server listens on 127.0.0.1 only.

1. Creates the database afresh (``DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/resolute_bench``; its name must contain "bench",
   because it is dropped first), migrates, and loads the demo province with
   ``manage.py load_demo --lines N`` (which also runs a full assessment). ``--reuse`` keeps
   a database loaded by an earlier run. Then ``ANALYZE``, as autovacuum would do in
   production (``--no-analyze`` measures the freshly loaded database as it is).
2. Creates a province user and a 淄博 city officer, and an API token (``ApiToken.issue``).
3. Starts gunicorn (``--workers`` processes × ``--threads`` threads) on a free port and one
   background worker (``manage.py run_worker``), as ``make run`` does; asks for every
   endpoint a few times and waits until the worker's queue is empty (what a page computes in
   the background is then ready).
4. Runs locust headless for ``--duration`` seconds with ``--users`` clients, each pausing
   ``--think`` seconds between requests (``0`` for none: the server saturated). The pages
   are used signed in through the login form (with its CSRF token):
   - 淄博 officers: the filtered ledger list (``/ledger/?city=…&industry=steel&page=2``),
     an enterprise page (a random enterprise of 淄博) and 淄博's dashboard;
   - province officers: every page of ``benchmarks/pages.py`` (the ledger, the dashboard,
     targets, obligations, surcharges, classes, risks, credit, eliminations);
   - API clients: every list of the API, 50 per page, with a bearer token.
   Each client picks its next endpoint at random among its own (``ENDPOINTS``).
5. Prints, per endpoint, requests, failures, p50/p95/p99 (exact, from every sample), the
   machine and the commands; exits non-zero if any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pages import PAGES  # benchmarks/pages.py: the pages a province officer uses most

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/resolute_bench"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
PASSWORD = "bench-2021-password"
ZIBO_CITY = "淄博"
API_LISTS = ["/api/lines?limit=50", "/api/enterprises?limit=50", "/api/pricing/surcharges?limit=50",
             "/api/pricing/classes?limit=50", "/api/replacement/credit?limit=50",
             "/api/public/eliminations?limit=50", "/api/targets/obligations?limit=50",
             "/api/targets/progress", "/api/risks", "/api/risks/enterprises?limit=50"]  # fmt: skip
#: The slowest p95 we are content with, for every endpoint but signing in.
P95_BUDGET_MS = 300
#: The endpoints, each as named in the report, with the client that asks for it: 淄博 officers
#: (their filtered ledger, an enterprise and their city's dashboard), province officers (every
#: page that benchmarks/pages.py times) and API clients (every list of the API, 50 per page).
#: ``{code}`` is a random enterprise of 淄博.
ENDPOINTS: list[tuple[str, str, str]] = [
    ("zibo", "台账列表（淄博·钢铁·第2页）", "/ledger/?city=淄博&industry=steel&page=2"),
    ("zibo", "企业页（淄博）", "/ledger/enterprises/{code}/"),
    ("zibo", "驾驶舱（淄博）", "/dashboard/"),
    *[("province", f"{path}（全省）", path) for path in PAGES],
    *[("api", f"接口 {path}", path) for path in API_LISTS],
]

# Runs inside `manage.py shell`: users, a token, and what the clients need to know.
SETUP_CODE = """
import json, os, random
from django.contrib.auth import get_user_model
from resolute.web.accounts.models import ApiToken, Profile, Role
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, Enterprise, Line

bench = acting_as(None, via="命令行", name="压测准备")
bench.__enter__()
CITY, PASSWORD = os.environ["BENCH_CITY"], os.environ["BENCH_PASSWORD"]
User = get_user_model()
zibo = City.objects.get(name=CITY)
made = {}
for username, profile in (("bench_province", {"role": Role.PROVINCE, "display_name": "省办（压测）"}),
                          ("bench_zibo", {"role": Role.CITY, "city": zibo,
                                          "display_name": "淄博市（压测）"})):
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(PASSWORD)
    user.save()
    Profile.objects.update_or_create(user=user, defaults=profile)
    made[username] = user
_, token = ApiToken.issue(made["bench_province"], name="benchmark")
codes = list(Enterprise.objects.filter(city=zibo).values_list("credit_code", flat=True))
random.Random(1).shuffle(codes)
print(json.dumps({
    "token": token,
    "zibo_codes": codes[:500],
    "enterprises": Enterprise.objects.count(),
    "lines": Line.objects.count(),
    "zibo_steel_lines": Line.objects.filter(enterprise__city=zibo,
                                            enterprise__industry="steel").count(),
}))
"""

LOCUSTFILE = '''
"""Generated by benchmarks/web.py: the clients of the web benchmark."""
import json
import os
import random
from collections import defaultdict

from locust import HttpUser, between, constant, events, task

CONFIG = json.loads(open(os.environ["RESOLUTE_BENCH_CONFIG"], encoding="utf-8").read())
SAMPLES = defaultdict(list)
FAILURES = defaultdict(int)
ERRORS = defaultdict(list)


@events.request.add_listener
def record(name, response_time, exception, **kwargs):
    SAMPLES[name].append(response_time)
    if exception is not None:
        FAILURES[name] += 1
        if len(ERRORS[name]) < 3:
            ERRORS[name].append(str(exception)[:300])


@events.quitting.add_listener
def dump(environment, **kwargs):
    with open(CONFIG["samples_path"], "w", encoding="utf-8") as out:
        json.dump({"samples": SAMPLES, "failures": FAILURES, "errors": ERRORS}, out)


def pause():
    low, high = CONFIG["think"]
    return between(low, high) if high > 0 else constant(0)


class PageUser(HttpUser):
    abstract = True
    wait_time = pause()
    username = ""

    def on_start(self):
        self.client.get("/login/", name="登录页")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post("/login/", name="登录", allow_redirects=False,
                              catch_response=True,
                              data={"username": self.username, "password": CONFIG["password"],
                                    "csrfmiddlewaretoken": token, "next": "/"},
                              headers={"Referer": self.host + "/login/"}) as response:
            if response.status_code != 302:
                response.failure(f"login answered HTTP {response.status_code}")

    def ask(self, name, url):
        url = url.replace("{code}", random.choice(CONFIG["zibo_codes"]))
        # A redirect (to the login page) is a failure too: the page was not shown.
        with self.client.get(url, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} for {url}: {response.error!r}")


def endpoint_task(name, url):
    def ask(user):
        user.ask(name, url)
    return ask


def tasks_of(client):
    return [endpoint_task(name, url) for who, name, url in CONFIG["endpoints"] if who == client]


class ZiboOfficer(PageUser):
    weight = 2
    username = "bench_zibo"
    tasks = tasks_of("zibo")


class ProvinceOfficer(PageUser):
    weight = 2
    username = "bench_province"
    tasks = tasks_of("province")


class ApiClient(HttpUser):
    weight = 1
    wait_time = pause()
    tasks = tasks_of("api")

    def ask(self, name, url):
        with self.client.get(url, name=name, catch_response=True,
                             headers={"Authorization": "Bearer " + CONFIG["token"]}) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.error!r}")
'''


def say(text: str) -> None:
    print(text, flush=True)


def timed(label: str, argv: list[str], env: dict[str, str], shown: str = "") -> str:
    """Run a command, print how long it took, return its standard output."""
    say(f"$ {shown or shlex.join(argv)}")
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, text=True, capture_output=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{label} failed (exit {done.returncode})")
    say(f"  {label}: {seconds:.1f} s")
    return done.stdout


def local_database(url: str) -> tuple[str, str]:
    """The database name, and the URL of the server's maintenance database."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"DATABASE_URL must be PostgreSQL, not {url!r}")
    if parts.hostname not in LOCAL_HOSTS:
        raise SystemExit(f"the benchmark only runs against this machine, not {parts.hostname!r}")
    name = parts.path.lstrip("/")
    return name, parts._replace(path="/postgres").geturl()


def recreate_database(url: str) -> None:
    import psycopg

    name, maintenance = local_database(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the benchmark's database name has 'bench'")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    say(f"数据库 {name} 已重建")


def analyze(url: str) -> None:
    """Fresh planner statistics, as autovacuum keeps them on a production server (it is off
    on some machines, and a bulk load leaves none: the plans are then far worse)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def queued_tasks(url: str) -> int:
    """Background tasks waiting or running (django-tasks' database backend)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                           "WHERE status IN ('READY', 'RUNNING')").fetchone()  # fmt: skip
    return int(row[0]) if row else 0


def settle(host: str, config: dict[str, Any], url: str, seconds: float = 1800) -> None:
    """Ask for every endpoint (a page whose figures are computed in the background starts
    their computation), then wait until the worker has done every queued task: the load is
    measured on the figures a server shows once it has caught up with the data."""
    started = time.perf_counter()
    baseline(host, config, 0)
    while queued_tasks(url) and time.perf_counter() - started < seconds:
        time.sleep(2)
    if queued_tasks(url):
        raise SystemExit(f"the worker had not emptied its queue after {seconds:.0f} s")
    say(f"预热（每个端点请求 3 次，等待后台任务完成）：{time.perf_counter() - started:.1f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[Any], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")


def percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    return (f"{model}, {os.cpu_count()} cores, {mem} RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")  # fmt: skip


def baseline(host: str, config: dict[str, Any], repeat: int) -> dict[str, list[float]]:
    """Each endpoint ``repeat`` times, one request at a time: what a request costs with no
    queue in front of it (after a few warm-up requests)."""
    import random

    import requests

    def session(username: str) -> requests.Session:
        s = requests.Session()
        s.get(f"{host}/login/", timeout=30)
        answer = s.post(f"{host}/login/", timeout=30, allow_redirects=False,
                        data={"username": username, "password": config["password"],
                              "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
                              "next": "/"},
                        headers={"Referer": f"{host}/login/"})  # fmt: skip
        if answer.status_code != 302:
            raise SystemExit(f"{username} could not sign in (HTTP {answer.status_code})")
        return s

    clients = {"zibo": session("bench_zibo"), "province": session("bench_province"),
               "api": requests.Session()}  # fmt: skip
    clients["api"].headers["Authorization"] = "Bearer " + config["token"]
    pick = random.Random(2)
    out: dict[str, list[float]] = {}
    for who, name, template in ENDPOINTS:
        times = []
        for i in range(repeat + 3):
            url = template.replace("{code}", pick.choice(config["zibo_codes"]))
            started = time.perf_counter()
            answer = clients[who].get(host + url, timeout=120, allow_redirects=False)
            elapsed = (time.perf_counter() - started) * 1000
            if answer.status_code != 200:
                raise SystemExit(f"{name}: HTTP {answer.status_code}")
            if i >= 3:
                times.append(elapsed)
        out[name] = sorted(times)
    return out


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (Chinese characters take two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def print_table(data: dict[str, Any], duration: float | None) -> list[str]:
    """Per endpoint: requests, failures, rate, p50/p95/p99/max. Returns the endpoints whose
    p95 is over budget."""
    say(f"{pad('endpoint', 40)} {'requests':>8} {'failed':>6} {'req/s':>6} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")  # fmt: skip
    slow = []
    for name in sorted(data["samples"]):
        values = sorted(data["samples"][name])
        failed = data.get("failures", {}).get(name, 0)
        rate = f"{len(values) / duration:6.1f}" if duration else f"{'':6}"
        p95 = percentile(values, 0.95)
        say(f"{pad(name, 40)} {len(values):>8} {failed:>6} {rate} "
            f"{percentile(values, 0.5):>8.0f} {p95:>8.0f} {percentile(values, 0.99):>8.0f} "
            f"{values[-1]:>8.0f}")  # fmt: skip
        if p95 > P95_BUDGET_MS and not name.startswith("登录"):
            slow.append(name)
    return slow


def report(samples_path: Path, duration: float) -> int:
    """The table of the load phase; the number of failed requests."""
    data = json.loads(samples_path.read_text(encoding="utf-8"))
    slow = print_table(data, duration)
    for name, errors in data["errors"].items():
        for error in errors:
            say(f"  失败示例 {name}: {error}")
    if slow:
        say(f"p95 超过 {P95_BUDGET_MS} ms: {', '.join(slow)}")
    total_failures = sum(data["failures"].values())
    say(f"失败请求共 {total_failures} 个")
    return int(total_failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think", default="0.5-1.5",
                        help="seconds each client pauses between requests, low-high, or 0")  # fmt: skip
    parser.add_argument(
        "--baseline",
        type=int,
        default=30,
        help="requests per endpoint, one at a time, before the load (0: none)",
    )
    parser.add_argument("--no-analyze", action="store_true",
                        help="measure without refreshing the planner statistics first")  # fmt: skip
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database an earlier run loaded (no drop, no load)")  # fmt: skip
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))

    db_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    local_database(db_url)
    workdir = Path(tempfile.mkdtemp(prefix="resolute-bench-"))
    env = {**os.environ, "DATABASE_URL": db_url, "RESOLUTE_DATA_DIR": str(workdir / "data"),
           "RESOLUTE_DEBUG": "0", "RESOLUTE_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "resolute.web.settings",
           "RESOLUTE_LOG_LEVEL": "ERROR"}  # fmt: skip
    python = str(BIN / "python")
    say(f"命令：{shlex.join([sys.executable, *sys.argv])}")
    say(f"机器：{machine()}")
    say(f"数据库：{db_url}")
    say(f"负载：{load_average()}")

    if not args.reuse:
        recreate_database(db_url)
    timed("migrate", [python, "manage.py", "migrate", "--noinput", "-v0"], env)
    if not args.reuse:
        out = timed(f"load_demo --lines {args.lines}",
                    [python, "manage.py", "load_demo", "--lines", str(args.lines)], env)  # fmt: skip
        say("  " + "\n  ".join(out.strip().splitlines()[:3]))
    if not args.no_analyze:
        started = time.perf_counter()
        analyze(db_url)
        say(f"$ ANALYZE\n  analyze: {time.perf_counter() - started:.1f} s")
    timed("collectstatic", [python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    setup_env = {**env, "BENCH_CITY": ZIBO_CITY, "BENCH_PASSWORD": PASSWORD}
    facts = json.loads(timed("users and token", [python, "manage.py", "shell", "-c", SETUP_CODE],
                             setup_env, shown=f"{python} manage.py shell -c <SETUP_CODE>")
                       .splitlines()[-1])  # fmt: skip
    say(f"  台账：{facts['enterprises']} 家企业，{facts['lines']} 条生产线；"
        f"淄博钢铁生产线 {facts['zibo_steel_lines']} 条")  # fmt: skip

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    gunicorn = [str(BIN / "gunicorn"), "resolute.web.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(args.workers), "--threads", str(args.threads),
                # Longer than a client's pause, so a client never sends on a connection the
                # server is closing (gunicorn's default is 2 s; browsers would just retry).
                "--keep-alive", "5", "--log-level", "warning"]  # fmt: skip
    config_path = workdir / "config.json"
    config = {
        "password": PASSWORD,
        "token": facts["token"],
        "zibo_codes": facts["zibo_codes"],
        "endpoints": ENDPOINTS,
        "think": list(think),
        "samples_path": str(workdir / "samples.json"),
    }
    config_path.write_text(json.dumps(config), encoding="utf-8")
    locustfile = workdir / "locustfile.py"
    locustfile.write_text(LOCUSTFILE, encoding="utf-8")
    locust = [str(BIN / "locust"), "-f", str(locustfile), "--headless", "--host", host,
              "--users", str(args.users), "--spawn-rate", str(args.users),
              "--run-time", f"{args.duration}s", "--stop-timeout", "5", "--only-summary",
              "--loglevel", "WARNING"]  # fmt: skip

    say(f"$ {shlex.join(gunicorn)}")
    server_log = workdir / "gunicorn.log"
    server = subprocess.Popen(gunicorn, env=env, cwd=ROOT, stdout=server_log.open("wb"),
                              stderr=subprocess.STDOUT)  # fmt: skip
    say(f"$ {python} manage.py run_worker")
    worker = subprocess.Popen([python, "manage.py", "run_worker"], env=env, cwd=ROOT,
                              stdout=(workdir / "worker.log").open("wb"),
                              stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_until_up(host + "/login/", server)
        settle(host, config, db_url)
        if args.baseline:
            say(f"\n单个客户端逐个请求（每个端点 {args.baseline} 次）：")
            print_table({"samples": baseline(host, config, args.baseline)}, duration=None)
            say("")
        say(f"$ {shlex.join(locust)}")
        say(f"  {args.users} 个客户端，{args.duration} 秒，每次请求间隔 {args.think} 秒")
        run = subprocess.run(locust, env={**env, "RESOLUTE_BENCH_CONFIG": str(config_path)},
                             cwd=workdir, text=True, capture_output=True,
                             timeout=args.duration + 120)  # fmt: skip
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    samples = workdir / "samples.json"
    if not samples.exists():
        sys.stderr.write(run.stdout + run.stderr)
        raise SystemExit("locust wrote no samples")
    failures = report(samples, args.duration)
    say(f"负载：{load_average()}（其他进程占用 CPU 时结果偏慢）")
    errors = [ln for ln in server_log.read_text(errors="replace").splitlines() if "Error" in ln]
    if errors:
        say(f"服务器错误（{server_log}）：")
        for line in dict.fromkeys(errors[-200:]):  # the distinct ones, in order
            say(f"  {line[:300]}")
    if run.returncode not in (0, 1):  # 1: some requests failed, reported above
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
    return 1 if failures or run.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
