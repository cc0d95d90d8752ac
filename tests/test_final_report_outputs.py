"""The final report as files (`resolute bulletin --final`): the page, the workbook, the PDF with
a Chinese font, the JSON with its hash; every target, every city, every open line."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner
from openpyxl import load_workbook
from test_bulletin_outputs import NOT_INSTALLED, _unavailable

from resolute.cli import main
from resolute.core import targets
from resolute.core.final_report import FinalReport, build_final_report, content_hash
from resolute.core.ledger import Ledger
from resolute.io import bulletin as out
from resolute.io.readers import write_ledger

TODAY = dt.date(2026, 11, 29)


def ledger() -> Ledger:
    steel = make_enterprise(
        "steel", name="淄博测试钢铁有限公司", city="淄博", county="张店区", in_steel_layout=None
    )
    coking = make_enterprise("coking", name='=HYPERLINK("x")<script>焦化</script>', city="临沂",
                             county="兰山区")  # fmt: skip
    lines = [
        make_line("bof", steel["credit_code"], line_id="ZB-BOF-1", capacity=120.0,
                  status="exited", exited_on=dt.date(2022, 11, 30)),
        make_line("bof", steel["credit_code"], line_id="ZB-BOF-2", capacity=80.0),
        make_line("coke_oven", coking["credit_code"], line_id="LY-CO-1", chamber_height_m=4.3),
    ]  # fmt: skip
    return Ledger.from_records([steel, coking], lines)


@pytest.fixture(scope="module")
def report() -> FinalReport:
    return build_final_report(ledger(), TODAY, targets.default())


def test_the_page_lists_every_target_every_city_and_every_open_line(report: FinalReport) -> None:
    html = out.render_final_html(report)
    text = re.sub(r"<[^>]+>", "", html)  # a date in prose is kept on one line by its markup
    assert "实施情况总结报告" in html and "数据截至2026年11月29日" in text
    assert html.count('<td class="c">二(三)1</td>') >= 1
    assert all(c in html for c in ("济南", "菏泽", "全省"))
    days = (TODAY - dt.date(2022, 12, 31)).days
    assert "ZB-BOF-2" in html and f'<td class="n">{days:,}</td>' in html
    assert (
        "LY-CO-1" in html and f'<td class="n">{(TODAY - dt.date(2021, 12, 31)).days:,}</td>' in html
    )
    assert "ZB-BOF-1</td>" not in html  # exited: not an open line
    assert "<script>焦化" not in html  # escaped
    assert content_hash(report) in html
    assert "按软件缺省值，待核实" in html  # the 左右 reading is the software's


def test_a_report_made_before_the_last_deadline_says_its_figures_are_not_final() -> None:
    early = build_final_report(ledger(), dt.date(2023, 6, 30), targets.default())
    assert "数字尚不是最终结果" in out.render_final_html(early)
    assert "数字尚不是最终结果" not in out.render_final_html(
        build_final_report(ledger(), TODAY, targets.default())
    )


def test_the_workbook_has_targets_cities_and_open_lines(report: FinalReport) -> None:
    book = load_workbook(__import__("io").BytesIO(out.final_xlsx_bytes(report)))
    assert book.sheetnames == ["目标完成情况", "各市完成情况", "仍未退出的生产线"]
    cities = [r[0] for r in book["各市完成情况"].iter_rows(min_row=2, values_only=True)]
    assert cities[0] == "济南" and cities[-1] == "全省" and len(cities) == 17
    lines = {r[4] for r in book["仍未退出的生产线"].iter_rows(min_row=2, values_only=True)}
    assert lines == {"ZB-BOF-2", "LY-CO-1"}
    assert book["目标完成情况"].max_row >= len(targets.default().targets) + 1


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["--quiet", *args], catch_exceptions=False)


@pytest.mark.slow
def test_the_command_writes_the_final_report_and_prints_hash_and_paths(tmp_path: Path) -> None:
    ledger_path = tmp_path / "台账.json"
    write_ledger(ledger(), ledger_path)
    try:
        out.pdf_bytes_of_html("<p>中文</p>")
    except (out.FontMissing, OSError) as exc:
        _unavailable(f"{NOT_INSTALLED}（{exc}）")
    result = run("bulletin", "--final", "--as-of", "2026-11-29", "--ledger", str(ledger_path),
                 "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    printed = dict(line.split("\t") for line in result.stdout.splitlines())
    assert set(printed) == {"content_hash", "html", "pdf", "xlsx", "json"}
    data = json.loads(Path(printed["json"]).read_text(encoding="utf-8"))
    assert data["content_hash"] == printed["content_hash"]
    assert data["as_of"] == "2026-11-29" and data["province"]["open"] == 2
    assert Path(printed["pdf"]).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("args", [[], ["--quarter", "2022Q4", "--final"],
                                  ["--quarter", "2022Q4", "--as-of", "2022-12-31"]])  # fmt: skip
def test_the_command_takes_a_quarter_or_final_but_not_both(args: list[str], tmp_path: Path) -> None:
    result = run("bulletin", *args, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def _registry_book(path: Path, *rows: tuple[str, ...]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["计数目标", "名称", "所在市", "备注"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.mark.slow
def test_the_final_report_counts_the_registry_given_on_the_command_line(tmp_path: Path) -> None:
    ledger_path = tmp_path / "台账.json"
    write_ledger(ledger(), ledger_path)
    registry = _registry_book(tmp_path / "登记.xlsx", ("氢能品牌", "中国氢谷", "", ""),
                              ("氢能品牌", "东方氢岛", "", ""))  # fmt: skip
    try:
        out.pdf_bytes_of_html("<p>中文</p>")
    except (out.FontMissing, OSError) as exc:
        _unavailable(f"{NOT_INSTALLED}（{exc}）")
    result = run("bulletin", "--final", "--as-of", "2026-11-29", "--ledger", str(ledger_path),
                 "--registry", str(registry), "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "out" / "final-report.json").read_text(encoding="utf-8"))
    brands = next(t for t in data["targets"] if t["target_id"] == "hydrogen.brands")
    assert (brands["achieved"], brands["state"]) == (2, "met")


def test_a_registry_with_a_bad_row_stops_the_command_and_names_the_row(tmp_path: Path) -> None:
    registry = _registry_book(tmp_path / "登记.xlsx", ("氢能品", "中国氢谷", "", ""))
    result = run("bulletin", "--final", "--registry", str(registry), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "第 2 行" in result.stderr and "计数目标" in result.stderr
    assert not (tmp_path / "o").exists()
