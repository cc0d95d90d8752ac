"""Reading and writing the ledger containers: Excel, JSON, CSV folder, and the template."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from resolute.core import schema
from resolute.core.credit_code import complete
from resolute.core.ledger import Ledger, LedgerInvalid
from resolute.io.readers import header_key, read_ledger, replace_atomically, write_ledger
from resolute.io.template import GUIDE_HEADERS, KIND_LABELS, LISTS_SHEET, write_template

STEEL = complete("91370300MA3C00001")
COKING = complete("91370800MA3C00002")
CEMENT = complete("91371300MA3C00003")

ENTERPRISES: list[dict[str, Any]] = [
    {"credit_code": STEEL, "name": "淄博某钢铁有限公司", "city": "淄博", "county": "张店区",
     "industry": "steel", "year": 2020, "employees": 1200, "value_added_10k_yuan": 9000.5,
     "in_steel_layout": True},
    {"credit_code": COKING, "name": "济宁某焦化有限公司", "city": "济宁", "industry": "coking",
     "independent_coking": True, "plant_coking_capacity_10kt": 120.0},
    {"credit_code": CEMENT, "name": "临沂某水泥有限公司", "city": "临沂", "industry": "cement",
     "in_chemical_park": False},
]  # fmt: skip

LINES: list[dict[str, Any]] = [
    {"line_id": "BF-01", "credit_code": STEEL, "equipment": "blast_furnace", "capacity": 120.0,
     "volume_m3": 1080.0, "env_status": "pass", "exit_deadline": dt.date(2022, 12, 31)},
    {"line_id": "BOF-01", "credit_code": STEEL, "equipment": "bof", "status": "idle",
     "nominal_t": 120.0, "safety_status": "fail"},
    {"line_id": "CO-01", "credit_code": COKING, "equipment": "coke_oven", "status": "exited",
     "oven_type": "top_charged", "chamber_height_m": 4.3, "upgrade_hopeless": False,
     "exit_method": "close", "exited_on": dt.date(2021, 6, 30), "responsible_person": "张三"},
]  # fmt: skip


def expected_ledger() -> Ledger:
    return Ledger.from_records(ENTERPRISES, LINES)


def assert_same(actual: Ledger, expected: Ledger) -> None:
    assert actual.enterprises.equals(expected.enterprises)
    assert actual.lines.equals(expected.lines)


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(path)
    return path


def table(
    records: list[dict[str, Any]], fields: tuple[schema.FieldSpec, ...], chinese: bool
) -> list[list[Any]]:
    """Rows of a sheet: headers, then each record in the shape a person types it."""
    keys = [f.key for f in fields if any(f.key in r for r in records)]
    by_key = {f.key: f for f in fields}
    header = [by_key[k].label if chinese else k for k in keys]
    rows = [[typed(by_key[k], r.get(k), chinese) for k in keys] for r in records]
    return [header, *rows]


def typed(spec: schema.FieldSpec, value: Any, chinese: bool) -> Any:
    if value is None:
        return None
    if spec.kind is schema.Kind.BOOL:
        return ("是" if value else "否") if chinese else ("true" if value else "false")
    if spec.kind is schema.Kind.ENUM and chinese:
        return spec.label_of(value)
    return value


def workbook_of(path: Path, chinese: bool = True) -> Path:
    names = ("企业", "生产线") if chinese else ("enterprises", "lines")
    return write_workbook(
        path,
        {names[0]: table(ENTERPRISES, schema.ENTERPRISE_FIELDS, chinese),
         names[1]: table(LINES, schema.LINE_FIELDS, chinese)},
    )  # fmt: skip


def small_workbook(
    path: Path, enterprise: dict[str, Any], line: dict[str, Any] | None = None
) -> Path:
    """A workbook of one enterprise (headers as given) and optionally one line."""
    lines = [list(line), list(line.values())] if line else [["line_id", "credit_code", "equipment"]]
    return write_workbook(
        path, {"企业": [list(enterprise), list(enterprise.values())], "生产线": lines}
    )


BASE_ENTERPRISE = {
    "统一社会信用代码": STEEL,
    "企业名称": "某钢铁",
    "所在市": "淄博",
    "行业": "钢铁",
}
BASE_LINE = {"生产线编号": "BF-01", "统一社会信用代码": STEEL, "装置类型": "炼铁高炉"}


# ─── each container ────────────────────────────────────────────────────────────


def test_workbook_with_chinese_sheets_and_headers_reads_as_the_ledger(tmp_path: Path) -> None:
    ledger = read_ledger(workbook_of(tmp_path / "台账.xlsx", chinese=True))
    assert_same(ledger, expected_ledger())
    assert ledger.warnings == ()


def test_workbook_with_english_sheets_and_keys_reads_as_the_same_ledger(tmp_path: Path) -> None:
    ledger = read_ledger(workbook_of(tmp_path / "ledger.xlsx", chinese=False))
    assert_same(ledger, expected_ledger())


def test_json_file_reads_as_the_same_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    data = {"enterprises": ENTERPRISES, "lines": LINES}
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    assert_same(read_ledger(path), expected_ledger())


def test_csv_folder_with_a_byte_order_mark_reads_as_the_same_ledger(tmp_path: Path) -> None:
    folder = tmp_path / "ledger"
    folder.mkdir()
    for name, records, fields in (
        ("enterprises", ENTERPRISES, schema.ENTERPRISE_FIELDS),
        ("lines", LINES, schema.LINE_FIELDS),
    ):
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(table(records, fields, chinese=False))
    assert_same(read_ledger(folder), expected_ledger())


def test_reading_writes_nothing_next_to_the_file(tmp_path: Path) -> None:
    path = workbook_of(tmp_path / "台账.xlsx")
    read_ledger(path)
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


# ─── headers and cells ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("有效容积", "volume_m3"),
        ("volume_m3", "volume_m3"),
        ("  有效容积 ", "volume_m3"),
        ("有效容积（立方米）", "volume_m3"),
        ("有效容积(m³)", "volume_m3"),
        ("有效容积 (立方米)", "volume_m3"),
        ("参与裕龙岛炼化一体化项目（一期）整合", "yulong_consolidation"),
        ("产能（万吨/年）", "capacity"),
        ("备注", None),
    ],
)
def test_a_line_header_names_its_key(header: str, key: str | None) -> None:
    assert header_key("lines", header) == key


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("县（市、区）", "county"),
        ("县(市、区)", "county"),
        ("主营业务收入（煤电为销售收入）（万元）", "revenue_10k_yuan"),
        ("主营业务收入（万元）", "revenue_10k_yuan"),
        ("用地面积（亩）", "land_area_mu"),
    ],
)
def test_an_enterprise_label_with_its_own_parentheses_still_names_its_key(
    header: str, key: str
) -> None:
    assert header_key("enterprises", header) == key


def test_workbook_headers_with_unit_suffixes_read_like_plain_labels(tmp_path: Path) -> None:
    line = {**BASE_LINE, "有效容积（立方米）": 1080, " 产能(万吨铁/年) ": 120}
    ledger = read_ledger(small_workbook(tmp_path / "a.xlsx", BASE_ENTERPRISE, line))
    assert ledger.lines["volume_m3"].to_list() == [1080.0]
    assert ledger.lines["capacity"].to_list() == [120.0]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("是", True), ("否", False), ("true", True), ("FALSE", False), ("1", True), (0, False),
     (True, True)],
)  # fmt: skip
def test_booleans_accept_是_否_true_false_and_1_0(tmp_path: Path, cell: Any, value: bool) -> None:
    enterprise = {**BASE_ENTERPRISE, "符合全省钢铁产业发展规划布局": cell}
    ledger = read_ledger(small_workbook(tmp_path / "a.xlsx", enterprise))
    assert ledger.enterprises["in_steel_layout"].to_list() == [value]


@pytest.mark.parametrize(
    ("industry", "equipment", "status"),
    [
        ("钢铁", "炼铁高炉", "停产"),
        ("steel", "blast_furnace", "idle"),
        ("钢铁", "blast_furnace", "停产"),
    ],
)
def test_enumerations_accept_the_code_or_the_chinese_label(
    tmp_path: Path, industry: str, equipment: str, status: str
) -> None:
    enterprise = {**BASE_ENTERPRISE, "行业": industry}
    line = {**BASE_LINE, "装置类型": equipment, "运行状态": status}
    ledger = read_ledger(small_workbook(tmp_path / "a.xlsx", enterprise, line))
    assert ledger.enterprises["industry"].to_list() == ["steel"]
    assert ledger.lines.select("equipment", "status").row(0) == ("blast_furnace", "idle")


@pytest.mark.parametrize("city", ["淄博", "淄博市", " 淄博市 "])
def test_city_is_accepted_with_or_without_市(tmp_path: Path, city: str) -> None:
    ledger = read_ledger(small_workbook(tmp_path / "a.xlsx", {**BASE_ENTERPRISE, "所在市": city}))
    assert ledger.enterprises["city"].to_list() == ["淄博"]


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_an_empty_cell_is_unknown_not_zero(tmp_path: Path, cell: Any) -> None:
    enterprise = {**BASE_ENTERPRISE, "年平均从业人员": cell, "扭亏无望": cell}
    line = {**BASE_LINE, "有效容积": cell, "环保标准达标情况": cell}
    ledger = read_ledger(small_workbook(tmp_path / "a.xlsx", enterprise, line))
    assert ledger.enterprises.select("employees", "turnaround_hopeless").row(0) == (None, None)
    assert ledger.lines.select("volume_m3", "env_status").row(0) == (None, None)


def test_a_json_null_or_missing_key_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    data = {
        "enterprises": [{"credit_code": STEEL, "name": "某钢铁", "city": "淄博",
                         "industry": "steel", "employees": None}],
        "lines": [],
    }  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    ledger = read_ledger(path)
    assert ledger.enterprises.select("employees", "year").row(0) == (None, None)


def test_dates_are_read_from_date_cells_and_from_text(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "a.xlsx",
        {"企业": table(ENTERPRISES[:1], schema.ENTERPRISE_FIELDS, chinese=True),
         "生产线": [["生产线编号", "统一社会信用代码", "装置类型", "退出时限"],
                 ["BF-01", STEEL, "炼铁高炉", dt.datetime(2022, 12, 31)],
                 ["BF-02", STEEL, "炼铁高炉", "2022/06/30"]]},
    )  # fmt: skip
    deadlines = read_ledger(path).lines["exit_deadline"].to_list()
    assert deadlines == [dt.date(2022, 12, 31), dt.date(2022, 6, 30)]


def test_fully_empty_rows_are_skipped(tmp_path: Path) -> None:
    rows = table(LINES, schema.LINE_FIELDS, chinese=True)
    blank = [None] * len(rows[0])
    path = write_workbook(
        tmp_path / "a.xlsx",
        {"企业": table(ENTERPRISES, schema.ENTERPRISE_FIELDS, chinese=True),
         "生产线": [rows[0], blank, rows[1], ["  "] * len(rows[0]), *rows[2:], blank]},
    )  # fmt: skip
    assert_same(read_ledger(path), expected_ledger())


def test_unknown_columns_are_ignored_with_a_warning_in_chinese(tmp_path: Path) -> None:
    line = {**BASE_LINE, "备注": "老装置", "填报人": "李四"}
    ledger = read_ledger(small_workbook(tmp_path / "a.xlsx", BASE_ENTERPRISE, line))
    assert ledger.lines.height == 1
    assert ledger.warnings == ("工作表“生产线”有未识别的列：备注、填报人，已忽略",)


def test_unknown_json_keys_are_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    enterprise = {"credit_code": STEEL, "name": "某钢铁", "city": "淄博", "industry": "steel"}
    data = {"enterprises": [{**enterprise, "remark": "x"}], "lines": []}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_ledger(path).warnings == ("工作表“enterprises”有未识别的字段：remark，已忽略",)


# ─── writing ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["ledger.xlsx", "ledger.json", "ledger_csv"])
def test_a_written_ledger_reads_back_equal(tmp_path: Path, name: str) -> None:
    ledger = expected_ledger()
    write_ledger(ledger, tmp_path / name)
    assert_same(read_ledger(tmp_path / name), ledger)


def test_a_written_workbook_speaks_chinese(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_ledger(expected_ledger(), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["企业", "生产线"]
    lines = workbook["生产线"]
    header = [c.value for c in lines[1]]
    assert header == [f.label for f in schema.LINE_FIELDS]
    third = dict(zip(header, (c.value for c in lines[4]), strict=True))
    assert third["装置类型"] == "焦炉"
    assert third["运行状态"] == "已退出"
    assert third["提升无望"] == "否"
    assert third["实际退出日期"] == dt.datetime(2021, 6, 30)


def test_a_written_csv_folder_uses_keys_codes_and_true_false(tmp_path: Path) -> None:
    write_ledger(expected_ledger(), tmp_path / "out")
    with (tmp_path / "out" / "lines.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[2]["equipment"] == "coke_oven"
    assert rows[2]["upgrade_hopeless"] == "false"
    assert rows[2]["exited_on"] == "2021-06-30"
    assert rows[2]["volume_m3"] == ""


def test_a_written_json_file_leaves_unknown_values_out(tmp_path: Path) -> None:
    write_ledger(expected_ledger(), tmp_path / "ledger.json")
    data = json.loads((tmp_path / "ledger.json").read_text(encoding="utf-8"))
    assert data["lines"][1] == {
        "line_id": "BOF-01", "credit_code": STEEL, "equipment": "bof", "status": "idle",
        "nominal_t": 120.0, "safety_status": "fail",
    }  # fmt: skip


def test_text_that_looks_like_a_formula_stays_text_in_a_workbook(tmp_path: Path) -> None:
    ledger = Ledger.from_records([{**ENTERPRISES[0], "name": '=HYPERLINK("x")'}], LINES[:2])
    write_ledger(ledger, tmp_path / "ledger.xlsx")
    assert_same(read_ledger(tmp_path / "ledger.xlsx"), ledger)


def test_writing_replaces_an_existing_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text("old", encoding="utf-8")
    write_ledger(expected_ledger(), path)
    assert_same(read_ledger(path), expected_ledger())
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]


def test_a_write_that_fails_part_way_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text("old", encoding="utf-8")

    def crash(fh: Any) -> None:
        fh.write(b"half a fi")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_atomically(path, crash)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]


def test_text_a_workbook_cannot_store_is_refused_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    broken = Ledger.from_records([{**ENTERPRISES[0], "name": "坏\x01名"}], [])
    with pytest.raises(LedgerInvalid) as caught:
        write_ledger(broken, path)
    assert [(e.sheet, e.row, e.column) for e in caught.value.errors] == [("企业", 2, "name")]
    assert list(tmp_path.iterdir()) == []


# ─── template ──────────────────────────────────────────────────────────────────


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "台账模板.xlsx"
    write_template(path)
    return path


def test_the_empty_template_reads_back_as_an_empty_valid_ledger(template: Path) -> None:
    ledger = read_ledger(template)
    assert ledger.enterprises.height == 0
    assert ledger.lines.height == 0
    assert ledger.warnings == ()
    assert ledger.lines.columns == [f.key for f in schema.LINE_FIELDS]


def test_the_template_has_its_sheets_and_hides_the_lists(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == ["企业", "生产线", "填表说明", LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert workbook["企业"].freeze_panes == "A2"


def test_every_template_header_is_a_bold_label_with_a_note_in_chinese(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    for title, fields in (("企业", schema.ENTERPRISE_FIELDS), ("生产线", schema.LINE_FIELDS)):
        cells = list(workbook[title][1])
        assert [c.value for c in cells] == [f.label for f in fields]
        for cell, spec in zip(cells, fields, strict=True):
            assert cell.font.b
            assert f"类型：{KIND_LABELS[spec.kind]}" in cell.comment.text
            assert "英文键" not in cell.comment.text and spec.key not in cell.comment.text
    volume = workbook["生产线"].cell(1, [f.key for f in schema.LINE_FIELDS].index("volume_m3") + 1)
    assert "单位：立方米" in volume.comment.text


def validations(workbook: openpyxl.Workbook, title: str) -> dict[str, tuple[str, str | None]]:
    """Each validated column's header label → (type, formula1), checking rows 2..5000."""
    worksheet = workbook[title]
    found = {}
    for dv in worksheet.data_validations.dataValidation:
        (ref,) = str(dv.sqref).split()
        first, last = ref.split(":")
        assert first.endswith("2")
        assert last.endswith("5000")
        found[worksheet[first.rstrip("0123456789") + "1"].value] = (dv.type, dv.formula1)
    return found


def test_the_template_validates_choices_numbers_dates_and_credit_codes(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    enterprises = validations(workbook, "企业")
    lines = validations(workbook, "生产线")
    assert enterprises["统一社会信用代码"] == ("textLength", "18")
    assert enterprises["用地面积"] == ("decimal", "0")
    assert enterprises["年平均从业人员"] == ("whole", "0")
    assert lines["退出时限"][0] == "date"
    assert "企业名称" not in enterprises
    for title, fields in (("企业", schema.ENTERPRISE_FIELDS), ("生产线", schema.LINE_FIELDS)):
        found = validations(workbook, title)
        for spec in fields:
            if spec.kind in (schema.Kind.ENUM, schema.Kind.BOOL, schema.Kind.CITY):
                assert found[spec.label][0] == "list", spec.key


def test_template_drop_downs_offer_the_chinese_labels(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    lines = validations(workbook, "生产线")

    def offered(label: str) -> list[str]:
        name = lines[label][1]
        sheet, ref = workbook.defined_names[name].attr_text.split("!")
        assert sheet.strip("'") == LISTS_SHEET
        return [c.value for (c,) in workbook[LISTS_SHEET][ref.replace("$", "")]]

    assert offered("装置类型") == [e.label for e in schema.EQUIPMENT]
    assert offered("提升无望") == ["是", "否"]
    assert offered("工艺") == [c.label for c in schema.LINE_FIELD_BY_KEY["process"].choices]


def test_the_template_instructions_list_every_field_and_every_equipment(template: Path) -> None:
    rows = list(openpyxl.load_workbook(template)["填表说明"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[: len(GUIDE_HEADERS)] == GUIDE_HEADERS)
    assert "英文键" not in GUIDE_HEADERS
    listed = [(r[0], r[1]) for r in rows[start + 1 :] if r[0] in ("企业", "生产线")]
    expected = [("企业", f.label) for f in schema.ENTERPRISE_FIELDS] + [
        ("生产线", f.label) for f in schema.LINE_FIELDS
    ]
    assert listed == expected
    volume = next(r for r in rows[start + 1 :] if r[:2] == ("生产线", "有效容积"))
    assert volume[2:4] == ("数字（≥0）", "立方米")
    assert "炼铁高炉" in volume[5]
    equipment_header = next(i for i, r in enumerate(rows) if r[0] == "装置类型")
    assert rows[equipment_header][:4] == ("装置类型", "所属行业", "产能单位", "专属字段")
    equipment = {r[0]: r for r in rows[equipment_header + 1 :] if r[0]}
    assert set(equipment) == {e.label for e in schema.EQUIPMENT}
    assert equipment["炼铁高炉"][1:3] == ("钢铁", "万吨铁/年")
    assert "有效容积" in equipment["炼铁高炉"][3]


def test_the_template_shows_officials_no_english_key_or_code(template: Path) -> None:
    """The keys other systems may use stay in docs/ledger.md (the spec makes the headers
    "the English key or the Chinese label, either one"; the template gives the labels)."""
    workbook = openpyxl.load_workbook(template)
    keys = {f.key for f in (*schema.ENTERPRISE_FIELDS, *schema.LINE_FIELDS)}
    codes = (
        keys
        | set(schema.EQUIPMENT_BY_CODE)
        | {c.code for f in (*schema.ENTERPRISE_FIELDS, *schema.LINE_FIELDS) for c in f.choices}
    )
    words = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
    seen: set[str] = set()
    for title in ("企业", "生产线", "填表说明"):
        for row in workbook[title].iter_rows():
            for cell in row:
                for text in (cell.value, cell.comment.text if cell.comment else None):
                    if isinstance(text, str):
                        seen.update(words.findall(text))
    assert "英文" not in str([c.value for c in workbook["填表说明"]["A"]])
    assert seen & codes == set()
