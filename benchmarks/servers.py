"""Benchmark: throughput of one web server against two, on one PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/resolute_bench_servers \\
        .venv/bin/python benchmarks/servers.py [--lines 100000] [--servers 1,2] [--users 20]
                                               [--duration 60] [--workers 1] [--threads 4]
                                               [--think 0] [--reuse]

Run by hand, never by the test suite. Uses benchmarks/web.py for everything but the servers:
the database (dropped and loaded afresh unless ``--reuse``; its name must contain "bench"),
the users and token, the clients (locust, the same pages and API) and the table. For each
count in ``--servers`` it starts that many gunicorn servers (``--workers`` × ``--threads``
each) on their own ports, spreads the clients over them in turn (as a reverse proxy would,
docs/deploy.md), and reports requests per second and p50/p95/p99 per endpoint. With
``--think 0`` the clients send without pausing: the servers are saturated and the requests
per second are the throughput.

On one machine the servers share its cores: a second server adds throughput only where one
server leaves cores idle (its workers wait on the database); across machines each server
brings its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web  # benchmarks/web.py

#: Put before the clients: each client (a locust user) is bound to the next server in turn.
SPREAD = """
import itertools as _itertools
import os as _os

from locust import HttpUser as _HttpUser

_SERVERS = _itertools.cycle(_os.environ["RESOLUTE_BENCH_SERVERS"].split(","))
_init = _HttpUser.__init__


def _bound(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.host = next(_SERVERS)
    self.client.base_url = self.host


_HttpUser.__init__ = _bound
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--servers", default="1,2", help="server counts to measure, in order")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per count")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn processes per server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think", default="0", help="seconds between a client's requests")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database an earlier run loaded")  # fmt: skip
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))

    db_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/resolute_bench_servers"
    )
    web.local_database(db_url)
    workdir = Path(tempfile.mkdtemp(prefix="resolute-bench-servers-"))
    env = {**os.environ, "DATABASE_URL": db_url, "RESOLUTE_DATA_DIR": str(workdir / "data"),
           "RESOLUTE_DEBUG": "0", "RESOLUTE_ALLOWED_HOSTS": "127.0.0.1",
           "RESOLUTE_SECRET_KEY": "bench-" + "k" * 20 + os.urandom(16).hex(),
           "DJANGO_SETTINGS_MODULE": "resolute.web.settings",
           "RESOLUTE_LOG_LEVEL": "ERROR"}  # fmt: skip
    python = str(web.BIN / "python")
    web.say(f"命令：{shlex.join([sys.executable, *sys.argv])}")
    web.say(f"机器：{web.machine()}")
    web.say(f"负载：{web.load_average()}")
    if not args.reuse:
        web.recreate_database(db_url)
    web.timed("migrate", [python, "manage.py", "migrate", "--noinput", "-v0"], env)
    if not args.reuse:
        web.timed(f"load_demo --lines {args.lines}",
                  [python, "manage.py", "load_demo", "--lines", str(args.lines)], env)  # fmt: skip
        web.analyze(db_url)
    web.timed("collectstatic", [python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    setup_env = {**env, "BENCH_CITY": web.ZIBO_CITY, "BENCH_PASSWORD": web.PASSWORD}
    facts = json.loads(web.timed("users and token",
                                 [python, "manage.py", "shell", "-c", web.SETUP_CODE], setup_env,
                                 shown=f"{python} manage.py shell -c <SETUP_CODE>")
                       .splitlines()[-1])  # fmt: skip
    web.say(f"  台账：{facts['enterprises']} 家企业，{facts['lines']} 条生产线")
    locustfile = workdir / "locustfile.py"
    locustfile.write_text(SPREAD + web.LOCUSTFILE, encoding="utf-8")

    summary = []
    for count in [int(n) for n in args.servers.split(",")]:
        ports = [web.free_port() for _ in range(count)]
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        samples = workdir / f"samples-{count}.json"
        config = workdir / f"config-{count}.json"
        config.write_text(json.dumps({
            "password": web.PASSWORD, "token": facts["token"], "zibo_codes": facts["zibo_codes"],
            "filtered_url": "/ledger/?" + urlencode({"city": web.ZIBO_CITY, "industry": "steel",
                                                    "page": 2}),
            "think": list(think), "samples_path": str(samples), "names": web.NAMES,
        }), encoding="utf-8")  # fmt: skip
        servers = []
        web.say(f"\n—— {count} 个网页服务器 ——")
        try:
            for port in ports:
                argv = [str(web.BIN / "gunicorn"), "resolute.web.wsgi",
                        "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                        "--threads", str(args.threads), "--keep-alive", "5",
                        "--log-level", "warning"]  # fmt: skip
                web.say(f"$ {shlex.join(argv)}")
                servers.append(subprocess.Popen(argv, env=env, cwd=web.ROOT,
                                                stdout=(workdir / f"gunicorn-{port}.log").open("wb"),
                                                stderr=subprocess.STDOUT))  # fmt: skip
            for host, server in zip(hosts, servers, strict=True):
                web.wait_until_up(host + "/login/", server)
            locust = [str(web.BIN / "locust"), "-f", str(locustfile), "--headless",
                      "--host", hosts[0], "--users", str(args.users),
                      "--spawn-rate", str(args.users), "--run-time", f"{args.duration}s",
                      "--stop-timeout", "5", "--only-summary", "--loglevel", "WARNING"]  # fmt: skip
            web.say(f"$ RESOLUTE_BENCH_SERVERS={','.join(hosts)} {shlex.join(locust)}")
            web.say(f"  负载：{web.load_average()}")
            run_env = {**env, "RESOLUTE_BENCH_CONFIG": str(config),
                       "RESOLUTE_BENCH_SERVERS": ",".join(hosts)}  # fmt: skip
            subprocess.run(locust, env=run_env, cwd=workdir, text=True, capture_output=True,
                           timeout=args.duration + 120)  # fmt: skip
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
        if not samples.exists():
            raise SystemExit("locust wrote no samples")
        failures = web.report(samples, args.duration)
        data = json.loads(samples.read_text(encoding="utf-8"))
        total = sum(len(v) for v in data["samples"].values())
        summary.append((count, total / args.duration, failures, web.load_average()))
        time.sleep(2)
    web.say("\n服务器数  请求/秒  失败  负载")
    for count, rate, failures, load in summary:
        web.say(f"{count:>8} {rate:8.1f} {failures:5}  {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
