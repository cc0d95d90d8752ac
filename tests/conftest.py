from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
