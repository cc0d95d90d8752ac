from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Servers and workers that tests start as processes queue no daily notices (the notices'
# own tests run the daily task themselves).
os.environ.setdefault("RESOLUTE_DAILY_TASKS", "0")


def _seed_dir() -> Path:
    """RESOLUTE_SEED_DIR, else the nearest ``shared/seed`` beside the repository or above it."""
    if "RESOLUTE_SEED_DIR" in os.environ:
        return Path(os.environ["RESOLUTE_SEED_DIR"])
    for folder in ROOT.parents:
        if (folder / "shared" / "seed").is_dir():
            return folder / "shared" / "seed"
    return ROOT.parent / "shared" / "seed"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The action plan's text (shared/seed beside the repository)."""
    files = sorted(_seed_dir().glob("000_*.txt"))
    if not files:
        message = f"the plan text is not at {_seed_dir()} (set RESOLUTE_SEED_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return files[0].read_text(encoding="utf-8")


#: What asks pytest-django for the test database (a ``django_db`` mark asks too).
_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences",
                      "django_db_serialized_rollback"}  # fmt: skip


@pytest.fixture(autouse=True)
def _reference_rows(request: pytest.FixtureRequest) -> None:
    """The cities and counties, for every test that uses the database.

    A data migration stores them (resolute/web/ledger/migrations/0002_cities.py), but a
    transactional test (``django_db(transaction=True)``, ``transactional_db``, ``live_server``)
    ends by flushing every table, and whichever test the worker runs next would find none.
    They are stored again, by the migration's own code, when they are missing; in a
    non-transactional test that happens inside the test's transaction and is rolled back
    with it.
    """
    if request.node.get_closest_marker("django_db") is None and not (
        _DATABASE_FIXTURES & set(request.fixturenames)
    ):
        return
    # Whichever of db / transactional_db the test asked for: both open the same test case,
    # which reads the mark and the fixture names to decide whether it is transactional.
    request.getfixturevalue("db")
    import importlib

    from django.apps import apps

    city, county = apps.get_model("ledger", "City"), apps.get_model("ledger", "County")
    if not (city.objects.exists() and county.objects.exists()):
        importlib.import_module("resolute.web.ledger.migrations.0002_cities").load(apps, None)
