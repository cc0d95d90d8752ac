"""Production settings: `check --deploy` passes with exactly the environment the README
documents; production refuses to start without a secret key of its own (issue #11)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def documented_environment() -> dict[str, str]:
    """The ``export`` lines of the README's section on production, with a real random key
    for the “…” the README leaves to the reader."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 在生产环境使用 PostgreSQL") :]
    block = section[section.index("```sh") : section.index("```", section.index("```sh") + 5)]
    env: dict[str, str] = {}
    for line in block.splitlines():
        if line.startswith("export "):
            for name, value in re.findall(r"(\w+)=(\S+)", line):
                env[name] = value
    assert env.get("RESOLUTE_SECRET_KEY") == "…", env
    env["RESOLUTE_SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def manage(env: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RESOLUTE_", "DATABASE_"))}
    base |= {"RESOLUTE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "resolute.web.settings"}
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=base | env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)  # fmt: skip


@pytest.mark.slow
def test_check_deploy_passes_with_the_documented_production_environment(tmp_path: Path) -> None:
    env = documented_environment()
    assert env["RESOLUTE_PRODUCTION"] == "1" and "DATABASE_URL" in env
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert not (tmp_path / "secret_key").exists()  # never generated in production


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = documented_environment()
    for key in ("", "short", "a" * 60):
        result = manage(env | {"RESOLUTE_SECRET_KEY": key}, "check", tmp_path=tmp_path)
        assert result.returncode != 0
        assert "RESOLUTE_SECRET_KEY" in result.stderr
    del env["RESOLUTE_SECRET_KEY"]
    result = manage(env, "check", tmp_path=tmp_path)
    assert result.returncode != 0 and "RESOLUTE_SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_debug(tmp_path: Path) -> None:
    result = manage(documented_environment() | {"RESOLUTE_DEBUG": "1"}, "check", tmp_path=tmp_path)
    assert result.returncode != 0 and "RESOLUTE_DEBUG" in result.stderr


@pytest.mark.slow
def test_a_public_host_without_saying_production_is_refused(tmp_path: Path) -> None:
    result = manage({"RESOLUTE_ALLOWED_HOSTS": "resolute.example.gov.cn"}, "check",
                    tmp_path=tmp_path)  # fmt: skip
    assert result.returncode != 0 and "RESOLUTE_PRODUCTION" in result.stderr
    result = manage({"RESOLUTE_ALLOWED_HOSTS": "192.0.2.10", "RESOLUTE_PRODUCTION": "0"},
                    "check", tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_development_needs_nothing_and_keeps_its_key(tmp_path: Path) -> None:
    first = manage({}, "check", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text(encoding="utf-8")
    assert manage({}, "check", tmp_path=tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text(encoding="utf-8") == key
    deploy = manage({}, "check", "--deploy", tmp_path=tmp_path)
    assert "security.W012" in deploy.stderr  # plain-HTTP cookies: fine locally, flagged
