"""The page reader the web tests use (tests/pages.py) reads rows, spans, facts and links."""

from __future__ import annotations

from pages import column, facts, parse, row_where, table_rows

PAGE = """
<h2>修改的生产线</h2>
<table><thead><tr><th>编号</th><th>字段</th><th>值</th></tr></thead>
<tbody>
  <tr><td rowspan="2"><a href="/ledger/lines/A-1/">A-1</a></td><td>产能</td><td>1<br>万吨</td></tr>
  <tr><td>状态</td><td class="unknown">未知</td></tr>
  <tr><td>B-2</td><td>产能</td><td>  2 </td></tr>
</tbody></table>
<dl class="facts"><dt>县（市、区）</dt><dd>张店区</dd><dt>有效容积</dt><dd>380 立方米</dd></dl>
"""


def test_rows_carry_cells_that_span_rows() -> None:
    rows = table_rows(parse(PAGE), after="修改的生产线")
    assert [(r["编号"].text, r["字段"].text, r["值"].text) for r in rows] == [
        ("A-1", "产能", "1 万吨"), ("A-1", "状态", "未知"), ("B-2", "产能", "2"),
    ]  # fmt: skip
    assert rows[1]["编号"].href == "/ledger/lines/A-1/" and rows[1]["值"].classes == {"unknown"}
    assert column(rows, "编号") == ["A-1", "A-1", "B-2"]
    assert row_where(rows, "编号", "B-2")["值"].text == "2"


def test_facts_and_links() -> None:
    page = parse(PAGE)
    assert facts(page) == {"县（市、区）": "张店区", "有效容积": "380 立方米"}
    assert page.links() == {"A-1": "/ledger/lines/A-1/"}
