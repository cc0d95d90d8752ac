"""The counted things of 三 and 四: each figure is a target, and its progress is the count of
registered names (resolute/core/registry.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from resolute.core import registry, targets
from resolute.core.registry import RegistryEntry

BOOK = targets.default()
DURING, AFTER = dt.date(2022, 6, 30), dt.date(2026, 11, 29)

#: The figures the plan writes, by (clause, indicator): read from the seed, not the file.
PLAN_COUNTS = [
    ("三(二)1", "高端化工产业集群", 8), ("三(二)1", "高端化工领军企业", 15),
    ("三(二)1", "高端化工重点园区", 5), ("三(二)1", "高端化工关键核心技术攻关项目", 10),
    ("三(二)1", "高端化工重点品牌", 8),
    ("三(二)2", "国家级现代农业产业园", 8), ("三(二)2", "省级现代农业产业园", 51),
    ("三(二)4", "文化旅游目的地品牌", 10),
    ("三(三)4", "五大传统产业“雁阵形”产业集群", 32), ("三(三)4", "五大传统产业集群领军企业", 43),
    ("四(二)5", "省级海洋特色产业园区", 32), ("四(二)6", "医养健康领军企业", 18),
    ("四(二)3(3)", "氢能产业集群", 4),
    ("四(三)3", "争创的国家级重大创新平台", 6),
    ("四(三)5", "新兴产业领域“雁阵形”集群", 41), ("四(三)5", "新兴产业领域领军企业", 62),
]  # fmt: skip


@pytest.mark.parametrize(("clause", "indicator", "figure"), PLAN_COUNTS)
def test_each_count_the_plan_names_is_a_target_counted_from_the_registry(
    clause: str, indicator: str, figure: int
) -> None:
    found = [t for t in BOOK.targets if t.clause == clause and t.indicator == indicator]
    assert len(found) == 1
    t = found[0]
    assert (t.target, t.comparison, t.registry is not None) == (figure, "at_least", True)
    assert t.period.end == dt.date(2022, 12, 31)


def test_every_industry_of_three_and_four_has_its_counted_things() -> None:
    counted = registry.counted_targets(BOOK)
    assert len(counted) == 60
    assert len({t.indicator for t in counted}) == len(counted)  # one name each, for imports
    kinds = {(t.clause, t.registry) for t in counted}
    for clause in ("三(二)1", "三(二)2", "三(二)3", "四(二)1", "四(二)2", "四(二)4", "四(二)5",
                   "四(二)6"):  # fmt: skip
        assert {"cluster", "leading_enterprise", "park", "tech_project", "brand"} <= {
            k for c, k in kinds if c == clause
        }, clause
    assert all(t.unit in ("个", "家") and t.measure is None for t in counted)


def entries(target_id: str, *names: str) -> list[RegistryEntry]:
    return [RegistryEntry(target_id, n) for n in names]


def by_id(results: list[registry.CountProgress]) -> dict[str, registry.CountProgress]:
    return {r.target.id: r for r in results}


def test_progress_is_the_number_of_distinct_names_registered_for_the_target() -> None:
    found = entries("high_end_chemicals.key_parks", "东营港化工产业园", "聊城化工产业园",
                    " 聊城化工产业园 ", "")  # fmt: skip
    found += entries("materials.key_parks", "济南新材料产业园")
    result = by_id(registry.progress(BOOK, found, DURING))["high_end_chemicals.key_parks"]
    assert (result.count, result.names) == (2, ("东营港化工产业园", "聊城化工产业园"))
    assert (result.remaining, round(result.percent, 1), result.status) == (3, 40.0, "in_progress")


@pytest.mark.parametrize(("count", "as_of", "status"), [
    (4, DURING, "in_progress"), (5, DURING, "met"), (6, DURING, "met"),
    (4, dt.date(2022, 12, 31), "in_progress"), (4, dt.date(2023, 1, 1), "behind"),
    (5, AFTER, "met"), (4, AFTER, "behind"),
])  # fmt: skip
def test_a_count_at_the_figure_is_met_and_one_short_after_the_period_is_not(
    count: int, as_of: dt.date, status: str
) -> None:
    found = entries("high_end_chemicals.key_parks", *(f"园区{i}" for i in range(count)))
    result = by_id(registry.progress(BOOK, found, as_of))["high_end_chemicals.key_parks"]
    assert result.status == status


def test_the_json_names_what_is_counted() -> None:
    found = entries("hydrogen.brands", "中国氢谷")
    data = registry.to_json(registry.progress(BOOK, found, DURING), DURING)
    row = next(r for r in data["targets"] if r["target_id"] == "hydrogen.brands")
    assert row == {
        "target_id": "hydrogen.brands", "clause": "四(二)3(3)", "indicator": "氢能品牌",
        "registry": "brand", "registry_label": "品牌", "unit": "个", "target": 2,
        "achieved": 1, "remaining": 1, "percent": 50.0, "status": "in_progress",
        "status_label": "进行中", "names": ["中国氢谷"],
    }  # fmt: skip


HEADERS = ["计数目标", "名称", "所在市", "备注"]


def test_a_filled_sheet_is_read_by_indicator_or_id_with_its_city() -> None:
    rows = [(2, ["高端化工重点园区", "东营港化工产业园", "东营市", "已认定"]),
            (3, ["hydrogen.brands", "中国氢谷", None, None])]  # fmt: skip
    entries, problems = registry.read_rows(BOOK, HEADERS, rows)
    assert problems == []
    assert [(e.target_id, e.name, e.city, e.note) for e in entries] == [
        ("high_end_chemicals.key_parks", "东营港化工产业园", "东营", "已认定"),
        ("hydrogen.brands", "中国氢谷", None, ""),
    ]


def test_every_bad_row_of_a_sheet_is_named() -> None:
    rows = [(2, ["高端化工重点园", "某园区", "", ""]), (3, ["高端化工重点园区", "", "", ""]),
            (4, ["高端化工重点园区", "甲园区", "莱芜", ""]),
            (5, ["高端化工重点园区", "乙园区", "", ""]), (6, ["高端化工重点园区", "乙园区", "", ""])]  # fmt: skip
    _, problems = registry.read_rows(BOOK, HEADERS, rows)
    assert [(p.row, p.column) for p in problems] == [(2, "计数目标"), (3, "名称"), (4, "所在市"),
                                                     (6, "名称")]  # fmt: skip
    _, missing = registry.read_rows(BOOK, ["名称"], [])
    assert [(p.row, p.column) for p in missing] == [(None, "计数目标")]
