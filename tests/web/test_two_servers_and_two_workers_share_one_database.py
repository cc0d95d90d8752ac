"""Two web servers and two workers on one PostgreSQL database, as docs/deploy.md runs them:
work submitted through either server is done once, by one worker, and both servers show
the same results, including pages computed from a ledger that the other server changed.

Real processes (gunicorn, ``manage.py run_worker``) against the test database; PostgreSQL
only (SQLite is one machine's file)."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult
from province import build_province, make_user

from resolute.web.accounts.models import Role
from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import City, Line

#: Skipped before any database is set up: a transactional test's flush would empty the
#: cities that later tests of this process read.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="two servers share a PostgreSQL database; SQLite is one machine's file",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WAIT = 180  # seconds: a loaded two-core machine starts four Django processes slowly


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _until(condition: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def shared(transactional_db: Any) -> dict[str, Any]:
    build_province()
    return {"province": make_user("province", "x", role=Role.PROVINCE, display_name="省办")}


@pytest.fixture
def processes(shared: dict[str, Any], tmp_path: Path) -> Iterator[tuple[list[str], list[Any]]]:
    """Two gunicorn servers and two workers, sharing the database and the data directory
    (uploaded files: a shared file system in a real deployment)."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "RESOLUTE_DATA_DIR": str(tmp_path),
           "RESOLUTE_TASKS": "database", "RESOLUTE_PRODUCTION": "0",
           "DJANGO_SETTINGS_MODULE": "resolute.web.settings",
           "RESOLUTE_SECRET_KEY": settings.SECRET_KEY,  # one key for every server
           "RESOLUTE_WORKER_HEARTBEAT_SECONDS": "1"}  # fmt: skip
    ports = [_free_port(), _free_port()]
    started: list[subprocess.Popen[bytes]] = []
    logs = tmp_path / "logs"
    logs.mkdir()
    try:
        for n, port in enumerate(ports):
            started.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "resolute.web.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--threads", "2"],
                cwd=ROOT, env=env, stdout=(logs / f"web{n}.log").open("wb"),
                stderr=subprocess.STDOUT))  # fmt: skip
        for n in range(2):
            started.append(subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
                cwd=ROOT, env=env, stdout=(logs / f"worker{n}.log").open("wb"),
                stderr=subprocess.STDOUT))  # fmt: skip
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            _until(lambda url=url: _answers(url), f"{url} to answer")
        yield urls, started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        connection.close()  # the flush after the test needs no stale connection


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/login/", timeout=10).status_code == 200
    except requests.RequestException:
        return False


def _signed_in(url: str, user: Any) -> requests.Session:
    """A browser session on ``url``: the session is the database's, so any server knows it."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.get(f"{url}/assessments/", timeout=60)  # the CSRF cookie
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    session.headers["Referer"] = f"{url}/"
    return session


def _page(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=120)
    assert response.status_code == 200, url
    body = response.text
    body = re.sub(r'(nonce|value|content)="[^"]*"', "", body)  # CSRF tokens, CSP nonces
    body = re.sub(r'<ul class="messages">.*?</ul>', "", body, flags=re.S)  # this session's
    return body[body.index("<main") :]


def _changed_workbook(path: Path) -> bytes:
    from resolute.core.ledger import Ledger
    from resolute.io.readers import write_ledger
    from resolute.web.ledger.convert import records_for
    from resolute.web.ledger.models import Enterprise

    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        if line["line_id"] == "ZB-CL-1":
            line["exit_deadline"] = dt.date(2022, 6, 30)
    write_ledger(Ledger.from_records(ents, lines), path)
    return path.read_bytes()


def test_work_through_either_server_is_done_once_and_both_show_the_same(
    shared: dict[str, Any], processes: tuple[list[str], list[Any]], tmp_path: Path
) -> None:
    (a, b), _ = processes
    user = shared["province"]
    on_a, on_b = _signed_in(a, user), _signed_in(b, user)
    # Both servers have converted the ledger (and keep it) before it changes.
    assert "2022-06-30" not in _page(on_a, f"{a}/dashboard/")
    assert "2022-06-30" not in _page(on_b, f"{b}/dashboard/")

    # Assessment runs started through either server.
    zibo, linyi = City.objects.get(name="淄博"), City.objects.get(name="临沂")
    for session, url, city in ((on_a, a, zibo), (on_b, b, linyi)):
        response = session.post(f"{url}/assessments/", {"city": city.pk, "industry": ""},
                                 allow_redirects=False, timeout=60)  # fmt: skip
        assert response.status_code == 302 and "/login/" not in response.headers["Location"]
    for session, url, industry in ((on_b, b, "steel"), (on_a, a, "coking")):
        response = session.post(f"{url}/assessments/", {"city": "", "industry": industry},
                                 allow_redirects=False, timeout=60)  # fmt: skip
        assert response.status_code == 302 and "/login/" not in response.headers["Location"]

    # An import uploaded through B (read by a worker), confirmed through A (written by one).
    upload = on_b.post(f"{b}/imports/", files={"file": ("台账.xlsx", _changed_workbook(
        tmp_path / "台账.xlsx"))}, allow_redirects=False, timeout=60)  # fmt: skip
    assert upload.status_code == 302, upload.text[:500]
    batch = ImportBatch.objects.get()
    assert upload.headers["Location"].endswith(f"/imports/{batch.pk}/")
    _until(lambda: ImportBatch.objects.get().status != Status.UPLOADED, "the upload to be read")
    assert ImportBatch.objects.get().status == Status.PREVIEWED
    confirm = on_a.post(f"{a}/imports/{batch.pk}/", {"action": "confirm"},
                        allow_redirects=False, timeout=60)  # fmt: skip
    assert confirm.status_code == 302 and "/login/" not in confirm.headers["Location"]
    _until(lambda: ImportBatch.objects.get().status != Status.PREVIEWED, "the import's write")
    assert ImportBatch.objects.get().status == Status.APPLIED

    _until(lambda: not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
           "every task to end")  # fmt: skip
    tasks = list(DBTaskResult.objects.all())
    # Besides the work asked for, the finished runs and the ledger write queue the rebuild of
    # the computed figures (resolute.web.computed): each set is built by one task.
    builds = [t for t in tasks if t.task_path == "resolute.web.computed.tasks.build_set"]
    asked = [t for t in tasks if t not in builds]
    # Four runs, the reading and the writing of the import.
    assert len(asked) == 6, [t.task_path for t in asked]
    built = [t.args_kwargs["args"][0] for t in builds]
    assert len(built) == len(set(built)), built
    assert all(t.status == "SUCCESSFUL" for t in tasks), [t.traceback for t in tasks]
    assert all(len(t.worker_ids) == 1 for t in tasks)  # each claimed once, by one worker
    assert len({w for t in tasks for w in t.worker_ids}) <= 2

    runs = list(AssessmentRun.objects.order_by("pk"))
    assert len(runs) == 4 and all(r.status == "done" for r in runs)
    for run in runs:  # written once: one result per line of the run's scope
        ids = list(LineResult.objects.filter(run=run).values_list("line_id", flat=True))
        assert ids and len(ids) == len(set(ids))
    assert Line.objects.get(line_id="ZB-CL-1").exit_plan.exit_deadline == dt.date(2022, 6, 30)

    # Both servers show the same: the runs, and the pages computed from the changed ledger.
    for run in runs:
        path = f"/assessments/{run.pk}/"
        assert _page(on_a, a + path) == _page(on_b, b + path)
    for path in ("/dashboard/", "/targets/"):
        assert _page(on_a, a + path) == _page(on_b, b + path), path
    assert "2022-06-30" in _page(on_a, f"{a}/dashboard/")
    assert "2022-06-30" in _page(on_b, f"{b}/dashboard/")
