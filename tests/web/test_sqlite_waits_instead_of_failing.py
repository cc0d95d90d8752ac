"""On SQLite the configured connection uses WAL (pages read while an import writes), takes
the write lock at the start of a transaction (IMMEDIATE: no deadlock between two writers
that both read first) and waits up to 20 s for it instead of failing at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper


def _connect(path: Path) -> Any:
    config = {**connections["default"].settings_dict, "NAME": str(path)}
    wrapper = DatabaseWrapper(config, alias=f"probe-{path.name}")
    wrapper.ensure_connection()
    return wrapper


@pytest.fixture
def files(tmp_path: Path, db: Any) -> Any:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite settings")
    first, second = _connect(tmp_path / "db.sqlite3"), _connect(tmp_path / "db.sqlite3")
    yield first, second
    first.close()
    second.close()


def test_the_connection_is_in_wal_mode_with_a_20_second_busy_timeout(files: Any) -> None:
    first, _ = files
    with first.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    assert first.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_page_reads_while_a_write_transaction_is_open(files: Any) -> None:
    writer, reader = files
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x INTEGER)")
        cursor.execute("INSERT INTO t VALUES (1)")
    writer.set_autocommit(False)
    writer.connection.execute("BEGIN IMMEDIATE")  # as an import's transaction holds the lock
    writer.connection.execute("INSERT INTO t VALUES (2)")
    with reader.cursor() as cursor:
        assert cursor.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    writer.connection.execute("ROLLBACK")
    writer.set_autocommit(True)
