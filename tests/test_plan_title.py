"""The plan is cited by its exact title everywhere: data, code, templates and docs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "《全省落实“三个坚决”行动方案（2021—2022年）》"
#: Any book-title mark naming the plan (a 《…》 with 三个坚决 and 行动方案 in it).
CITED = re.compile(r"《[^》\n]{0,40}三个坚决[^》\n]{0,40}行动方案[^》\n]{0,40}》")


def _files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "CHANGELOG.md"]
    for folder, patterns in (
        ("resolute", ("*.py", "*.yaml", "*.html", "*.txt", "*.md")),
        ("docs", ("*.md",)),
    ):
        for pattern in patterns:
            found += sorted((ROOT / folder).rglob(pattern))
    return [p for p in found if p.is_file()]


def test_every_citation_of_the_plan_uses_its_exact_title() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in _files()
        for match in CITED.findall(path.read_text(encoding="utf-8"))
        if match != TITLE
    ]
    assert wrong == []


def test_the_data_files_name_the_plan_exactly() -> None:
    for name in ("rulebook.yaml", "targets.yaml"):
        text = (ROOT / "resolute" / "data" / name).read_text(encoding="utf-8")
        assert "plan: 全省落实“三个坚决”行动方案（2021—2022年）" in text, name
