"""The docs tell the truth about the software (datasette's test_docs habit)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from resolute.cli import main
from resolute.core import engine, rulebook
from resolute.core.assessment import to_json
from resolute.core.ledger import Ledger
from resolute.demo import generate
from resolute.docs import ledger_markdown, rules_markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_the_rules_page_is_generated_from_the_rulebook() -> None:
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert page == rules_markdown(rulebook.default()), "run `make docs` to regenerate"


def test_the_ledger_keys_page_is_generated_from_the_schema() -> None:
    """The English keys the template no longer shows officials are documented here."""
    page = (DOCS / "ledger.md").read_text(encoding="utf-8")
    assert page == ledger_markdown(), "run `make docs` to regenerate"
    assert "| 有效容积 | `volume_m3` |" in page and "| 炼铁高炉 | `blast_furnace` |" in page


def test_every_rule_is_on_the_rules_page() -> None:
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in rulebook.default().rules:
        assert f"`{rule.id}`" in page


def _commands(group: click.Group, prefix: str = "resolute") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands(main):
        assert command in readme, command


def test_the_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:300]
    assert "make run" in head and "make test" in head


def test_the_worked_example_matches_a_fresh_assessment_of_the_demo() -> None:
    page = (DOCS / "worked-example.md").read_text(encoding="utf-8")
    command = re.search(r"resolute demo-data --lines (\d+) --seed (\d+)", page)
    assert command, "the worked example names the demo it uses"
    quoted = json.loads(re.findall(r"```json\n(.*?)```", page, re.S)[0])
    enterprises, lines = generate(int(command[1]), int(command[2]))
    book = rulebook.default()
    result = to_json(engine.assess(Ledger.from_records(enterprises, lines), book), book)
    line = next(v for v in result["lines"] if v["line_id"] == quoted["line_id"])
    assert line["outcome"] == quoted["outcome"] and line["basis"] == quoted["basis"]
    for finding in quoted["findings"]:
        assert finding in line["findings"]


def test_every_management_command_of_ours_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = sorted(p.stem for p in (ROOT / "resolute" / "web").glob(
        "*/management/commands/*.py") if not p.stem.startswith("_"))  # fmt: skip
    assert commands, "no management commands found"
    for name in commands:
        assert name in readme, name
