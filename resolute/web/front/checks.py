"""System checks at start-up: every data file under ``resolute/data`` loads.

A broken rulebook, target list, rate schedule or city list stops ``manage.py check`` (and
``runserver``, ``migrate``, ``run_worker``, which run the checks first) with the file and the
entry at fault, rather than a page failing later in front of an official. The checks load
the files through the same cached loaders the pages use, so the work is not repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import checks

from resolute.core import cities, classes, evaluation, pricing, replacement, rulebook, targets
from resolute.core.datafile import DataFileError


@dataclass(frozen=True)
class DataFile:
    """One data file: its check id, what it is in Chinese, what depends on it, its loader."""

    id: str
    name: str
    label: str
    used_by: str
    load: Callable[[], object]
    error: type[DataFileError]


DATA_FILES: tuple[DataFile, ...] = (
    DataFile("resolute.E001", "rulebook.yaml", "规则库", "评估、淘汰名单、企业自查和政策推演",
             rulebook.default, rulebook.RulebookError),
    DataFile("resolute.E002", "targets.yaml", "目标与逐条任务", "目标进度、逐条任务、信用记录和季度通报",
             targets.default, targets.TargetsError),
    DataFile("resolute.E003", "pricing.yaml", "差别电价、水价费率表", "差别电价与水价",
             pricing.default, pricing.PricingError),
    DataFile("resolute.E004", "replacement.yaml", "产能置换与项目准入规则", "产能置换和项目准入核对",
             replacement.default, replacement.ReplacementRulesError),
    DataFile("resolute.E005", "classes.yaml", "亩产效益评价规则", "效益分类",
             classes.default, classes.ClassesError),
    DataFile("resolute.E006", "cities.yaml", "16 市及其县（市、区）", "台账校验、地图和各市排名",
             cities.load_cities, cities.CitiesError),
    DataFile("resolute.E007", "evaluation.yaml", "年度督导评估评分规则", "年度督导评估",
             evaluation.default, evaluation.EvaluationError),
)  # fmt: skip


def problem(data_file: DataFile, exc: DataFileError) -> checks.Error:
    """The error ``manage.py check`` prints: the file, the entry and what is wrong with it."""
    where = "" if exc.entry == "(file)" else f"条目 {exc.entry}："
    return checks.Error(
        f"数据文件 {exc.path} 无法使用（{data_file.label}）：{where}{exc.message}",
        hint=f"改正后重新运行 manage.py check；{data_file.used_by}依赖此文件。",
        id=data_file.id,
    )


def check_data_files(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """One error for each data file that does not load."""
    errors: list[checks.CheckMessage] = []
    for data_file in DATA_FILES:
        try:
            data_file.load()
        except data_file.error as exc:
            errors.append(problem(data_file, exc))
        except DataFileError:
            pass  # a file this one depends on (targets read the rulebook): its own check names it
    return errors
