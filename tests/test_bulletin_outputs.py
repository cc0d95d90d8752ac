"""The quarterly bulletin as files: a self-contained page, a PDF that embeds a Chinese font,
a workbook with the four sheets, the JSON with its hash, and `resolute bulletin`.

WeasyPrint silently falls back to whatever font it finds, and a PDF set without Chinese
glyphs is unreadable, so the PDF's embedded fonts are read back. Without the Noto CJK fonts
(Debian fonts-noto-cjk) or Pango the PDF tests are skipped, except in CI, where that is a
failure.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner
from openpyxl import load_workbook

from resolute.cli import main
from resolute.core.bulletin import Bulletin, Quarter, build_bulletin, content_hash
from resolute.core.ledger import Ledger
from resolute.io import bulletin as out
from resolute.io.readers import write_ledger

NOT_INSTALLED = (
    "中文字体或 Pango 未安装：运行 .ci/run 或 apt-get install fonts-noto-cjk libpango-1.0-0"
)
SHEETS = ["总体进展", "目标完成情况", "各市排名", "逾期生产线"]
SUBSET_CJK_FONT = re.compile(r"^/?[A-Z]{6}\+.*Noto(Sans|Serif)CJK")


def _unavailable(message: str) -> None:
    """Skip locally; in CI a missing font means the PDF was not checked, which is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def small_ledger() -> Ledger:
    steel = make_enterprise(
        "steel", name="淄博测试钢铁有限公司", city="淄博", county="张店区", in_steel_layout=None
    )
    # A name that would be markup in a page and a formula in a spreadsheet.
    coking = make_enterprise(
        "coking", name='=HYPERLINK("x")<script>焦化</script>', city="临沂", county="兰山区"
    )
    lines = [
        make_line("bof", steel["credit_code"], line_id="ZB-BOF-1", capacity=120.0,
                  status="exited", exited_on=dt.date(2022, 11, 30)),
        make_line("bof", steel["credit_code"], line_id="ZB-BOF-2", capacity=80.0),
        make_line("coke_oven", coking["credit_code"], line_id="LY-CO-1", chamber_height_m=4.3),
    ]  # fmt: skip
    return Ledger.from_records([steel, coking], lines)


@pytest.fixture(scope="module")
def bulletin() -> Bulletin:
    return build_bulletin(small_ledger(), Quarter(2022, 4))


@pytest.fixture(scope="module")
def pdf(bulletin: Bulletin) -> bytes:
    try:
        return out.pdf_bytes(bulletin)
    except (out.FontMissing, OSError) as exc:  # OSError: WeasyPrint cannot load Pango
        _unavailable(f"{NOT_INSTALLED}（{exc}）")
        raise AssertionError from exc


# ─── the page ──────────────────────────────────────────────────────────────────


def test_the_page_has_the_official_title_and_the_five_sections(bulletin: Bulletin) -> None:
    html = out.render_html(bulletin)
    assert "全省落实“三个坚决”工作季度通报（2022年第四季度）" in html
    positions = [html.index(s) for s in ("一、总体进展", "二、目标完成情况", "三、各市排名",
                                         "四、逾期未完成退出的生产线", "五、附图")]  # fmt: skip
    assert positions == sorted(positions)
    assert "LY-CO-1" in html and "365" in html  # overdue a year at 2022-12-31
    assert bulletin.ranking_rule in html
    assert content_hash(bulletin) in html


def test_the_page_is_self_contained_with_inline_svg_charts_and_no_script(
    bulletin: Bulletin,
) -> None:
    html = out.render_html(bulletin)
    assert html.count("<svg") == 3
    assert "<script" not in html  # the enterprise's name is escaped, not run
    assert "&lt;script&gt;" in html
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", html)
    without_svg_namespace = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http" not in without_svg_namespace


def test_figures_are_rounded_for_display_only() -> None:
    assert out.fig(1234.5678) == "1,234.57"
    assert out.fig(206.65) == "206.65"
    assert out.fig(35.0) == "35"
    assert out.fig(None) == "—"


# ─── the PDF ───────────────────────────────────────────────────────────────────


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Every font the PDF's pages use: its BaseFont and whether its font file is embedded."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts: Any = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = descriptor.get_object() if descriptor is not None else {}
            has_file = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = has_file
    return found


def test_the_pdf_embeds_a_subset_of_a_noto_cjk_font(pdf: bytes) -> None:
    fonts = embedded_fonts(pdf)
    cjk = {name: embedded for name, embedded in fonts.items()
           if SUBSET_CJK_FONT.search(name.replace("-", "").replace(" ", ""))}  # fmt: skip
    assert cjk, f"no Noto CJK font in {sorted(fonts)}"
    assert all(cjk.values()), f"not embedded: {cjk}"


@pytest.mark.slow
def test_a_pdf_set_without_the_expected_chinese_fonts_is_refused(
    bulletin: Bulletin, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if fontconfig had substituted every family: none of the expected ones was used.
    monkeypatch.setattr(out, "CJK_FAMILIES", ("Nowhere Sans CJK SC",))
    with pytest.raises(out.FontMissing, match="fonts-noto-cjk"):
        out.pdf_bytes(bulletin)


def test_the_pdfs_text_is_chinese_that_can_be_read_back(pdf: bytes) -> None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "季度通报" in text
    assert "各市排名" in text


# ─── the workbook and the set of files ────────────────────────────────────────


def test_the_workbook_has_the_four_sheets_and_neutralises_formulas(
    bulletin: Bulletin, tmp_path: Path
) -> None:
    path = tmp_path / "通报.xlsx"
    out.write_xlsx(bulletin, path)
    wb = load_workbook(path)
    assert wb.sheetnames == SHEETS
    ranking = wb["各市排名"]
    assert [c.value for c in ranking[1]][:2] == ["名次", "市"]
    assert sum(1 for row in ranking.iter_rows(min_row=2) if row[1].value) >= 16
    overdue = [row for row in wb["逾期生产线"].iter_rows(min_row=2, values_only=True)]
    # At the close of 2022-12-31 the BOF due that day (二(三)1) is overdue too, listed first
    # (淄博 comes before 临沂 in the official order).
    assert [r[4] for r in overdue] == ["ZB-BOF-2", "LY-CO-1"]
    assert str(overdue[1][2]).startswith("'=")


def test_write_all_writes_the_four_files_and_the_json_carries_its_hash(
    bulletin: Bulletin, pdf: bytes, tmp_path: Path
) -> None:
    paths = out.write_all(bulletin, tmp_path / "季报")
    assert sorted(p.name for p in paths.values()) == sorted(out.FILES.values())
    assert all(p.stat().st_size > 0 for p in paths.values())
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["content_hash"] == content_hash(bulletin)
    stated, recomputed = out.read_json_hash(paths["json"])
    assert stated == recomputed
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert not list((tmp_path / "季报").glob(".*.tmp"))


# ─── the command ──────────────────────────────────────────────────────────────


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["--quiet", *args], catch_exceptions=False)


@pytest.mark.slow
def test_the_command_writes_the_bulletin_of_a_ledger_and_prints_hash_and_paths(
    pdf: bytes, tmp_path: Path
) -> None:
    ledger_path = tmp_path / "台账.json"
    write_ledger(small_ledger(), ledger_path)
    result = run("bulletin", "--quarter", "2022Q4", "--ledger", str(ledger_path),
                 "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    printed = dict(line.split("\t") for line in result.stdout.splitlines())
    assert set(printed) == {"content_hash", "html", "pdf", "xlsx", "json"}
    data = json.loads(Path(printed["json"]).read_text(encoding="utf-8"))
    assert printed["content_hash"] == data["content_hash"]
    again = run("bulletin", "--quarter", "2022Q4", "--ledger", str(ledger_path),
                "--out", str(tmp_path / "again"))  # fmt: skip
    assert again.stdout.splitlines()[0] == result.stdout.splitlines()[0]


@pytest.mark.slow
def test_without_a_ledger_the_command_uses_the_demo_province_and_says_so(
    pdf: bytes, tmp_path: Path
) -> None:
    result = run("bulletin", "--quarter", "2022Q4", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "演示省份" in result.stderr
    assert (tmp_path / "bulletin.pdf").exists()


def test_a_quarter_that_cannot_be_read_stops_the_command(tmp_path: Path) -> None:
    result = run("bulletin", "--quarter", "2022Q5", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "2022Q4" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_face_of_the_same_noto_cjk_collection_counts_as_the_chinese_font() -> None:
    # One .ttc holds every region's face; the name WeasyPrint reports may be any of them.
    assert out._collection("Noto Sans CJK JP") == out._collection("Noto Sans CJK SC")
    assert out._collection("Nowhere Sans CJK SC") != out._collection("Noto Sans CJK SC")
    assert out._collection("DejaVu Sans") == "DejaVu Sans"


@pytest.mark.slow
def test_the_command_prints_the_issue_number_and_date_without_changing_the_hash(
    pdf: bytes, tmp_path: Path
) -> None:
    ledger_path = tmp_path / "台账.json"
    write_ledger(small_ledger(), ledger_path)
    draft = run("bulletin", "--quarter", "2022Q4", "--ledger", str(ledger_path),
                "--out", str(tmp_path / "draft"))  # fmt: skip
    issued = run("bulletin", "--quarter", "2022Q4", "--ledger", str(ledger_path),
                 "--issue-number", "4", "--issue-date", "2023-01-09",
                 "--out", str(tmp_path / "issued"))  # fmt: skip
    assert issued.exit_code == 0, issued.stderr
    assert issued.stdout.splitlines()[0] == draft.stdout.splitlines()[0]  # same content hash
    html = (tmp_path / "issued" / "bulletin.html").read_text(encoding="utf-8")
    assert "2023年第4期" in html and "2023年1月9日印发" in html
    assert "2023年第" not in (tmp_path / "draft" / "bulletin.html").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "issued" / "bulletin.json").read_text(encoding="utf-8"))
    assert data["issue"]["number_label"] == "2023年第4期"
    assert data["issue"]["issued_on"] == "2023-01-09"
    stated, recomputed = out.read_json_hash(tmp_path / "issued" / "bulletin.json")
    assert stated == recomputed


@pytest.mark.slow
def test_a_bulletin_issued_before_its_quarter_ends_is_refused(tmp_path: Path) -> None:
    result = run("bulletin", "--quarter", "2022Q4", "--issue-number", "1",
                 "--issue-date", "2022-12-31", "--out", str(tmp_path))  # fmt: skip
    assert result.exit_code != 0
    assert "应晚于通报的季度末" in result.stderr
    assert not list(tmp_path.iterdir())
