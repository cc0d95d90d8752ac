"""The bulletin as printed: the layout of an official document (GB/T 9704-2012), looked at as
rendered pages.

The PDF is rasterised (pypdfium2) and its pixels and text are checked: the red 版头 (issuing
office and the red line as wide as the 版心) near the top of page 1, nothing printed outside
the 版心 but the page numbers "— n —" (odd pages at the right, even at the left), the 期号
and the date of issue as officials write them, the 版记 at the end; and in the page with the
full list of overdue lines, no date and no line number broken across two lines.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from builders import make_enterprise, make_line
from test_bulletin_outputs import NOT_INSTALLED, _unavailable, small_ledger

from resolute.core.bulletin import Bulletin, Issue, IssueError, Quarter, build_bulletin
from resolute.core.ledger import Ledger
from resolute.io import bulletin as out

MM = 72 / 25.4  # points per millimetre
SCALE = 2.0  # pixels per point when rasterised (144 dpi)
PAGE_W, PAGE_H = 210.0, 297.0
#: GB/T 9704 4.2.1: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
TOP, LEFT, TEXT_W, TEXT_H = 37.0, 28.0, 156.0, 225.0
#: What rendering may spill over an edge (anti-aliasing, a border's half width).
SLACK = 1.0
ISSUE = Issue(number=3, issued_on=dt.date(2023, 1, 9))


def pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError as exc:  # a dev dependency
        _unavailable(f"pypdfium2 未安装：pip install -e '.[dev]'（{exc}）")
        raise AssertionError from exc
    return pypdfium2


def pdf_of(html: str) -> Any:
    try:
        data = out.pdf_bytes_of_html(html)
    except (out.FontMissing, OSError) as exc:
        _unavailable(f"{NOT_INSTALLED}（{exc}）")
        raise AssertionError from exc
    return pdfium().PdfDocument(data)


@pytest.fixture(scope="module")
def bulletin() -> Bulletin:
    return build_bulletin(small_ledger(), Quarter(2022, 4))


@pytest.fixture(scope="module")
def printed(bulletin: Bulletin) -> Any:
    return pdf_of(out.render_html(bulletin, issue=ISSUE, printed=True))


def pixels(page: Any) -> Any:
    """The page as an RGB image (Pillow), SCALE pixels per point."""
    return page.render(scale=SCALE).to_pil().convert("RGB")


def px(mm: float) -> int:
    return round(mm * MM * SCALE)


def is_red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 180 and g < 90 and b < 90


def is_ink(rgb: tuple[int, int, int]) -> bool:
    return min(rgb) < 200


def page_text(page: Any) -> str:
    return str(page.get_textpage().get_text_range())


@pytest.mark.slow
def test_page_one_has_the_red_header_near_the_top(printed: Any) -> None:
    image = pixels(printed[0])
    width, height = image.size
    assert (width, height) == (px(PAGE_W), px(PAGE_H))  # A4
    data = image.load()
    red_rows = {y: sum(is_red(data[x, y]) for x in range(width)) for y in range(height // 2)}
    # The red line: one row (or a few) red across the whole 版心, below the issuing office
    # (35 mm into the 版心) and the 期号 two lines under it, within the top 40% of the page.
    line = [y for y, n in red_rows.items() if n >= 0.95 * px(TEXT_W)]
    assert line, "no red line as wide as the 版心 in the top half of page 1"
    assert px(TOP + 35) < line[0] < 0.4 * height
    assert not [x for x in range(width) if is_red(data[x, line[0]])
                and not px(LEFT - SLACK) <= x <= px(LEFT + TEXT_W + SLACK)]  # fmt: skip
    # The issuing office in red above it, its top 35 mm below the top of the 版心 (7.2.4).
    office = [y for y, n in red_rows.items() if 0 < n < 0.95 * px(TEXT_W) and y < line[0]]
    assert office, "no red issuing office above the red line"
    assert abs(office[0] - px(TOP + 35)) <= px(3)
    assert "山东省新旧动能转换综合试验区建设领导小组办公室" in page_text(printed[0])


@pytest.mark.slow
def test_nothing_is_printed_outside_the_text_block_but_the_page_numbers(printed: Any) -> None:
    assert len(printed) >= 2
    for number in range(1, len(printed) + 1):
        page = printed[number - 1]
        image = pixels(page)
        data = image.load()
        width, height = image.size
        left, right = px(LEFT - SLACK), px(LEFT + TEXT_W + SLACK)
        top, bottom = px(TOP - SLACK), px(TOP + TEXT_H + SLACK)
        outside = [(x, y) for y in range(0, height, 2) for x in range(0, width, 2)
                   if is_ink(data[x, y]) and (x < left or x > right or y < top)]  # fmt: skip
        assert not outside, f"page {number}: ink outside the 版心 at {outside[:5]}"
        # Below the 版心: only the page number, on the outer side (odd right, even left).
        below = [x for y in range(bottom, height, 2) for x in range(0, width, 2)
                 if is_ink(data[x, y])]  # fmt: skip
        assert below, f"page {number}: no page number"
        middle = px(LEFT + TEXT_W / 2)
        if number % 2:
            assert min(below) > middle, f"page {number}: odd page number not at the right"
        else:
            assert max(below) < middle, f"page {number}: even page number not at the left"
        assert f"— {number} —" in page_text(page)


@pytest.mark.slow
def test_the_issue_number_date_of_issue_and_the_distribution_are_printed(
    printed: Any,
) -> None:
    first, last = page_text(printed[0]), page_text(printed[len(printed) - 1])
    assert "2023年第3期" in first
    assert "各市、省有关部门：" in first
    assert "2023年1月9日" in last
    assert "报送：省委、省政府。" in last
    assert "抄送：“10+4”专班。" in last
    assert re.search(r"2023年1月9日印发", last)


@pytest.mark.slow
def test_the_printed_bulletin_counts_overdue_lines_by_city_and_names_its_annex(
    bulletin: Bulletin, printed: Any
) -> None:
    text = "".join(page_text(printed[i]) for i in range(len(printed)))
    assert "ZB-BOF-2" not in text and "LY-CO-1" not in text  # the list is the annex
    assert "附件：逾期未完成退出任务的生产线清单" in text and "逾期生产线" in text
    by_city, province = bulletin.overdue_by_city()
    assert [c.city for c in by_city][:3] == ["济南", "青岛", "淄博"]
    assert (province.obligations, province.lines, province.enterprises) == (2, 2, 2)
    assert province.longest_days == 365


def long_ledger() -> Ledger:
    """Overdue lines with long line numbers and enterprise names, in one city."""
    enterprises, lines = [], []
    for i in range(12):
        e = make_enterprise("coking", name=f"临沂市兰山区第{i + 1}焦化集团股份有限公司焦化二厂",
                            city="临沂", county="兰山区")  # fmt: skip
        enterprises.append(e)
        lines.append(make_line("coke_oven", e["credit_code"], chamber_height_m=4.3,
                               line_id=f"LY-LS-COKE-OVEN-{i + 1:04d}-A"))  # fmt: skip
    return Ledger.from_records(enterprises, lines)


@pytest.mark.slow
def test_no_date_or_line_number_breaks_across_lines_in_the_full_list() -> None:
    b = build_bulletin(long_ledger(), Quarter(2022, 4))
    assert len(b.overdue) == 12
    document = pdf_of(out.render_html(b, issue=ISSUE))  # the web page, printed
    lines = [
        line
        for i in range(len(document))
        for line in page_text(document[i]).replace("\r", "").split("\n")
    ]
    for o in b.overdue:
        assert any(o.line_id in line for line in lines), f"{o.line_id} broken across lines"
        assert sum(o.deadline.isoformat() in line for line in lines) >= 1
    dates = sum(line.count("2021-12-31") for line in lines)
    assert dates == 12, f"{dates} of 12 deadlines on one line"


def test_an_issue_number_needs_a_date_of_issue_and_counts_from_one() -> None:
    with pytest.raises(IssueError, match="印发日期"):
        Issue(number=1)
    with pytest.raises(IssueError, match="正整数"):
        Issue(number=0, issued_on=dt.date(2023, 1, 9))
    assert Issue(number=12, issued_on=dt.date(2023, 12, 31)).number_label == "2023年第12期"
    assert Issue().number_label == ""


def test_the_issuing_office_fits_the_text_block_on_one_line() -> None:
    long = out.masthead_size("山东省新旧动能转换综合试验区建设领导小组办公室")
    assert long * 22 <= out.TEXT_WIDTH_PT
    assert out.masthead_size("省工业和信息化厅") == out.MASTHEAD_MAX_PT
