"""Policy data sets as governed versions (规则库、目标任务、价格、产能置换、亩产效益分类、督导评估).

Each of the six data sets is a sequence of versions. A version is the text of a YAML file in
the bundled format, validated by the data set's own loader (the same checks as at start-up),
with a version block (``version:`` and ``issued:``) naming its label, the date from which it
applies and the document that issued it. :class:`History` holds the versions of one data set
and answers which is in force on a date; :class:`PolicySet` is the six versions in force on
one date, what an assessment, surcharge, classification or bulletin uses and records.

Imported and bundled text is kept verbatim (its digest is the SHA-256 of its bytes, as the
loaders compute it); :func:`dump` writes edited content so that it parses back to the same
content. :func:`diff` compares two versions entry by entry, each change with its clause and
citation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from pydantic import BaseModel

from resolute.core import classes, evaluation, pricing, replacement, rulebook, targets
from resolute.core.datafile import DataFileError, Issued, parse_yaml

Dataset = Literal["rulebook", "targets", "pricing", "replacement", "classes", "evaluation"]

#: The six data sets in the order pages list them, with their Chinese names.
DATASETS: dict[str, str] = {
    "rulebook": "规则库",
    "targets": "目标任务",
    "pricing": "差别化价格政策",
    "replacement": "产能置换规则",
    "classes": "亩产效益评价分类办法",
    "evaluation": "督导评估计分办法",
}

#: Any loaded data set.
Content = (
    rulebook.Rulebook
    | targets.Targets
    | pricing.PriceBook
    | replacement.Rules
    | classes.ClassBook
    | evaluation.ScoringRules
)

_PARSERS: dict[str, Callable[[Any, str, str], Any]] = {
    "rulebook": rulebook.parse,
    "targets": targets.parse,
    "pricing": pricing.parse,
    "replacement": replacement.parse,
    "classes": classes.parse,
    "evaluation": evaluation.parse,
}
_PATHS: dict[str, Path] = {
    "rulebook": rulebook.DEFAULT_PATH,
    "targets": targets.DEFAULT_PATH,
    "pricing": pricing.DEFAULT_PATH,
    "replacement": replacement.DEFAULT_PATH,
    "classes": classes.DEFAULT_PATH,
    "evaluation": evaluation.DEFAULT_PATH,
}
#: Fields the loaders fill in themselves, never written to a file.
_DERIVED: dict[str, set[str]] = {
    "rulebook": {"digest"},
    "targets": {"digest", "aggregates"},
    "pricing": {"digest"},
    "replacement": {"digest"},
    "classes": {"digest"},
    "evaluation": {"digest"},
}


class PolicyError(ValueError):
    """A version that cannot be used, with every problem found (in Chinese)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: list[str] = list(problems) or ["版本无法使用"]
        super().__init__("；".join(self.problems))


@dataclass(frozen=True)
class VersionInfo:
    """The version block: label, from when it applies and the document that issued it."""

    dataset: str
    label: str
    effective: dt.date | None = None
    doc_number: str = ""
    doc_title: str = ""
    doc_date: dt.date | None = None
    publisher: str = ""
    note: str = ""

    @property
    def dataset_label(self) -> str:
        return DATASETS.get(self.dataset, self.dataset)

    @property
    def document(self) -> str:
        """The issuing document as officials cite it: 《title》（文号）."""
        title = f"《{self.doc_title}》" if self.doc_title else ""
        number = f"（{self.doc_number}）" if self.doc_number and title else self.doc_number
        return f"{title}{number}"

    @property
    def summary(self) -> str:
        """The version as pages state it: 2021.1（《title》（文号），2021-01-01 起施行）."""
        parts = [p for p in (self.document,) if p]
        if self.effective is not None:
            parts.append(f"{self.effective.isoformat()} 起施行")
        return f"{self.label}（{'，'.join(parts)}）" if parts else self.label

    def missing(self) -> list[str]:
        """What a version must state before it can be published, in Chinese."""
        problems = []
        if not self.label:
            problems.append("缺少版本号")
        if self.effective is None:
            problems.append("缺少生效日期")
        if not self.doc_title:
            problems.append("缺少发文标题")
        if not self.publisher:
            problems.append("缺少发布机关")
        return problems


@dataclass(frozen=True)
class Version:
    """One version of one data set: its text as stored, the content the loader made of it."""

    info: VersionInfo
    text: str
    digest: str
    content: Any = field(compare=False, repr=False)
    raw: Any = field(compare=False, repr=False)

    @property
    def dataset(self) -> str:
        return self.info.dataset

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def effective(self) -> dt.date | None:
        return self.info.effective


def check_dataset(dataset: str) -> None:
    if dataset not in DATASETS:
        raise PolicyError([f"没有名为 {dataset} 的政策数据集"])


def digest_of(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes (the digest the loaders give a file)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def info_of(dataset: str, content: Any) -> VersionInfo:
    issued: Issued | None = getattr(content, "issued", None)
    label = str(getattr(content, "version", ""))
    if issued is None:
        return VersionInfo(dataset=dataset, label=label)
    return VersionInfo(
        dataset=dataset,
        label=label,
        effective=issued.effective,
        doc_number=issued.doc_number,
        doc_title=issued.doc_title,
        doc_date=issued.doc_date,
        publisher=issued.publisher,
        note=issued.note,
    )


def parse(dataset: str, text: str, name: str | None = None) -> Version:
    """Validate ``text`` as a version of ``dataset`` with the data set's own loader.

    Raises :class:`PolicyError` listing, in Chinese, the entry and field at fault."""
    check_dataset(dataset)
    where = name or f"{DATASETS[dataset]}（{dataset}.yaml）"
    digest = digest_of(text)
    try:
        # Invalid YAML, or a date that does not exist (2023-02-30), named as the loaders name it.
        raw = parse_yaml(text, where, DataFileError)
        content = _PARSERS[dataset](raw, where, digest)
    except DataFileError as exc:
        entry = "" if exc.entry == "(file)" else f"条目 {exc.entry}："
        raise PolicyError([f"{entry}{exc.message}"]) from exc
    problems = list(_uncited(dataset, content))
    if not str(getattr(content, "version", "")).strip():
        problems.insert(0, "条目 version：缺少版本号")
    if problems:
        raise PolicyError(problems)
    return Version(
        info=info_of(dataset, content), text=text, digest=digest, content=content, raw=raw
    )


def bundled(dataset: str) -> Version:
    """The version shipped with the program (``resolute/data/<dataset>.yaml``), verbatim."""
    check_dataset(dataset)
    return _bundled(dataset)


_BUNDLED_CACHE: dict[str, Version] = {}


def _bundled(dataset: str) -> Version:
    version = _BUNDLED_CACHE.get(dataset)
    if version is None:
        path = _PATHS[dataset]
        version = parse(dataset, path.read_bytes().decode("utf-8"), str(path))
        _BUNDLED_CACHE[dataset] = version
    return version


def read(path: Path | str, dataset: str | None = None) -> Version:
    """A version file: its data set is ``dataset`` or, when not given, the file's name
    (``rulebook.yaml``, ``rulebook-2023.1.yaml``, ``targets_2023.yaml`` …)."""
    target = Path(path)
    name = dataset or dataset_of_filename(target.name)
    if name is None:
        raise PolicyError([f"文件 {target.name}：无法从文件名判断是哪个政策数据集"])
    try:
        text = target.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([f"文件 {target.name}：无法读取（{exc}）"]) from exc
    return parse(name, text, target.name)


def dataset_of_filename(filename: str) -> str | None:
    stem = filename.rsplit(".", 1)[0]
    for key in DATASETS:
        if stem == key or stem.startswith((f"{key}-", f"{key}_", f"{key}.")):
            return key
    return None


# ─── writing ──────────────────────────────────────────────────────────────────


#: libyaml's safe loader and dumper where PyYAML has them (a rulebook reads and writes ten
#: times faster); the pure-Python ones otherwise. Both read and write the same YAML.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)


def as_data(dataset: str, obj: Any) -> Any:
    """Plain data (dicts, lists, scalars, dates) for a loaded data set, a version or a dict."""
    if isinstance(obj, Version):
        return obj.raw
    if isinstance(obj, BaseModel):
        return obj.model_dump(
            mode="python", by_alias=True, exclude_defaults=True, exclude=_DERIVED[dataset]
        )
    return obj


def dump(dataset: str, obj: Any) -> str:
    """YAML text of edited content (a dict, a loaded data set or a :class:`Version`), keys in
    their order, Chinese as written, so that ``parse(dataset, dump(dataset, x))`` gives ``x``
    back. A version imported or bundled as is keeps its own text: use ``Version.text``."""
    check_dataset(dataset)
    if isinstance(obj, Version):
        return obj.text
    data = as_data(dataset, obj)
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return text


def with_info(dataset: str, data: Mapping[str, Any], info: VersionInfo) -> dict[str, Any]:
    """``data`` with its version block set from ``info`` (label and issued), other keys kept
    in their order."""
    issued: dict[str, Any] = {
        "effective": info.effective,
        "doc_number": info.doc_number,
        "doc_title": info.doc_title,
        "doc_date": info.doc_date,
        "publisher": info.publisher,
    }
    if info.note:
        issued["note"] = info.note
    rest = {k: v for k, v in data.items() if k not in ("version", "issued")}
    head: dict[str, Any] = {"version": info.label}
    if info.effective is not None:
        head["issued"] = issued
    return {**head, **rest}


# ─── histories ────────────────────────────────────────────────────────────────


class History:
    """The versions of one data set that took effect, in the order they did.

    Versions without an effective date (drafts) are not part of a history. Two versions with
    the same effective date: the later one in ``versions`` (published later) applies."""

    def __init__(self, dataset: str, versions: Iterable[Version]) -> None:
        check_dataset(dataset)
        self.dataset = dataset
        items = list(versions)
        for v in items:
            if v.dataset != dataset:
                raise PolicyError(
                    [f"版本 {v.label} 属于{v.info.dataset_label}，不属于{DATASETS[dataset]}"]
                )
        labels = [v.label for v in items]
        dups = sorted({label for label in labels if labels.count(label) > 1})
        if dups:
            raise PolicyError([f"{DATASETS[dataset]}的版本号重复：{'、'.join(dups)}"])
        order = {id(v): i for i, v in enumerate(items)}
        self._all = items
        self.versions: tuple[Version, ...] = tuple(
            sorted(
                (v for v in items if v.effective is not None),
                key=lambda v: (cast(dt.date, v.effective), order[id(v)]),
            )
        )

    def __iter__(self) -> Iterator[Version]:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)

    def in_force(self, as_of: dt.date) -> Version:
        """The version that applies on ``as_of``: the last to take effect on or before it."""
        current: Version | None = None
        for v in self.versions:
            if cast(dt.date, v.effective) <= as_of:
                current = v
        if current is None:
            first = self.versions[0].effective if self.versions else None
            since = f"（最早的版本自 {first.isoformat()} 起生效）" if first else ""
            raise PolicyError(
                [f"{DATASETS[self.dataset]}在 {as_of.isoformat()} 没有生效的版本{since}"]
            )
        return current

    def by_label(self, label: str) -> Version:
        for v in self._all:
            if v.label == label:
                return v
        known = "、".join(v.label for v in self._all) or "无"
        raise PolicyError([f"{DATASETS[self.dataset]}没有版本 {label}（已有：{known}）"])

    def labels(self) -> list[str]:
        return [v.label for v in self.versions]


@dataclass(frozen=True)
class PolicySet:
    """The version of each data set used for one date."""

    as_of: dt.date
    versions: Mapping[str, Version]

    def __post_init__(self) -> None:
        missing = [DATASETS[d] for d in DATASETS if d not in self.versions]
        if missing:
            raise PolicyError([f"缺少{'、'.join(missing)}的版本"])

    def __getitem__(self, dataset: str) -> Version:
        return self.versions[dataset]

    def record(self) -> dict[str, str]:
        """The compact record stored with a result: ``{dataset: label}``."""
        return {d: self.versions[d].label for d in DATASETS}

    def digests(self) -> dict[str, str]:
        return {d: self.versions[d].digest for d in DATASETS}

    def key(self, *datasets: str) -> dict[str, str]:
        """Each named data set's label with the start of its digest (``2021.1+1a2b3c4d5e6f``),
        for the key of a result computed from them: any other version, or an edit of one,
        gives another key."""
        return {d: f"{self.versions[d].label}+{self.versions[d].digest[:12]}" for d in datasets}

    def replace(self, version: Version) -> PolicySet:
        """This set with ``version`` used for its data set (a version chosen by label)."""
        return PolicySet(self.as_of, {**self.versions, version.dataset: version})

    @property
    def rulebook(self) -> rulebook.Rulebook:
        return cast(rulebook.Rulebook, self.versions["rulebook"].content)

    @property
    def targets(self) -> targets.Targets:
        """The targets of this set read with its rulebook (:func:`targets.paired`): their
        enterprise totals and flags are those of the rulebook in force with them."""
        book = cast(targets.Targets, self.versions["targets"].content)
        rules = self.rulebook
        try:
            return targets.paired(book, rules)
        except DataFileError as exc:
            entry = "" if exc.entry == "(file)" else f"条目 {exc.entry}："
            raise PolicyError(
                [f"目标任务 {book.version} 与规则库 {rules.version} 不相容：{entry}{exc.message}"]
            ) from exc

    @property
    def pricing(self) -> pricing.PriceBook:
        return cast(pricing.PriceBook, self.versions["pricing"].content)

    @property
    def replacement(self) -> replacement.Rules:
        return cast(replacement.Rules, self.versions["replacement"].content)

    @property
    def classes(self) -> classes.ClassBook:
        return cast(classes.ClassBook, self.versions["classes"].content)

    @property
    def evaluation(self) -> evaluation.ScoringRules:
        return cast(evaluation.ScoringRules, self.versions["evaluation"].content)


def bundled_histories() -> dict[str, History]:
    return {d: History(d, [bundled(d)]) for d in DATASETS}


def histories(extra: Iterable[Version] = ()) -> dict[str, History]:
    """The bundled version of every data set plus ``extra`` versions (files, published rows)."""
    by_dataset: dict[str, list[Version]] = {d: [bundled(d)] for d in DATASETS}
    for v in extra:
        by_dataset[v.dataset].append(v)
    return {d: History(d, vs) for d, vs in by_dataset.items()}


def in_force(hist: Mapping[str, History], as_of: dt.date) -> PolicySet:
    """The versions of all six data sets in force on ``as_of``."""
    problems: list[str] = []
    chosen: dict[str, Version] = {}
    for d in DATASETS:
        try:
            chosen[d] = hist[d].in_force(as_of)
        except PolicyError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    return PolicySet(as_of, chosen)


def read_dir(directory: Path | str) -> list[Version]:
    """Every version file (``*.yaml``/``*.yml``) in ``directory``, named by data set."""
    folder = Path(directory)
    if not folder.is_dir():
        raise PolicyError([f"目录 {folder} 不存在"])
    versions: list[Version] = []
    problems: list[str] = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            versions.append(read(path))
        except PolicyError as exc:
            problems.extend(
                p if p.startswith(f"文件 {path.name}") else f"文件 {path.name}：{p}"
                for p in exc.problems
            )
    if problems:
        raise PolicyError(problems)
    return versions


# ─── citations ────────────────────────────────────────────────────────────────


def _uncited(dataset: str, content: Any) -> Iterator[str]:
    """Entries whose figure has no clause or document (every figure names its source)."""
    if dataset == "rulebook":
        book = cast(rulebook.Rulebook, content)
        for rule in book.rules:
            if not rule.clause.strip():
                yield f"条目 rules {rule.id}：缺少条款（clause）"
            if not rule.wording.strip():
                yield f"条目 rules {rule.id}：缺少方案原文（wording）"
            for lv in rule.limit_values:
                if not lv.source.strip():
                    yield f"条目 rules {rule.id}：限定值 {lv.equipment} 缺少来源（source）"
    elif dataset == "targets":
        tb = cast(targets.Targets, content)
        for t in tb.targets:
            if not t.clause.strip():
                yield f"条目 targets {t.id}：缺少条款（clause）"
        for task in tb.obligations:
            if not task.clause.strip():
                yield f"条目 obligations {task.id}：缺少条款（clause）"
    elif dataset == "pricing":
        pb = cast(pricing.PriceBook, content)
        for s in pb.electricity:
            if not s.document.strip() or not s.source.strip():
                yield f"条目 electricity {s.id}：缺少文件（document）或出处（source）"
        if not pb.water.document.strip() or not pb.water.source.strip():
            yield "条目 water：缺少文件（document）或出处（source）"
    elif dataset == "replacement":
        rb = cast(replacement.Rules, content)
        for r in rb.ratios:
            if not r.source.strip() or not r.wording.strip():
                yield f"条目 ratios {r.id}：缺少来源（source）或原文（wording）"
        for m in rb.minimum_scale:
            if not m.source.strip():
                yield f"条目 minimum_scale {m.equipment}：缺少来源（source）"
    elif dataset == "classes":
        cb = cast(classes.ClassBook, content)
        for ind in cb.indicators:
            if not ind.source.strip():
                yield f"条目 indicators {ind.key}：缺少来源（source）"
    elif dataset == "evaluation":
        ev = cast(evaluation.ScoringRules, content)
        for key in ("completion", "timeliness", "overdue", "plan", "interview", "praise"):
            if not str(getattr(getattr(ev, key), "source", "")).strip():
                yield f"条目 {key}：缺少来源（source）"


# ─── diff ─────────────────────────────────────────────────────────────────────

ChangeKind = Literal["added", "removed", "changed"]
CHANGE_LABELS: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}


@dataclass(frozen=True)
class Change:
    """One difference between two versions: an entry added or removed, or one field of an
    entry changed, with the entry's clause and citation (of the new version where it has one)."""

    dataset: str
    section: str
    section_label: str
    entry: str
    kind: ChangeKind
    field: str = ""
    field_label: str = ""
    old: str = ""
    new: str = ""
    clause: str = ""
    citation: str = ""
    #: The entry in words (a rule's wording, a target's indicator, a rate's name), for pages.
    entry_label: str = ""

    @property
    def kind_label(self) -> str:
        return CHANGE_LABELS[self.kind]

    def as_json(self) -> dict[str, str]:
        return {
            "dataset": self.dataset,
            "section": self.section,
            "section_label": self.section_label,
            "entry": self.entry,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "field": self.field,
            "field_label": self.field_label,
            "old": self.old,
            "new": self.new,
            "clause": self.clause,
            "citation": self.citation,
            "entry_label": self.entry_label,
        }


#: Field names in Chinese (what a diff shows); a field not listed shows its own name.
FIELD_LABELS: dict[str, str] = {
    "version": "版本号",
    "issued": "发布信息",
    "plan": "方案名称",
    "document": "文件",
    "note": "说明",
    "industry": "行业",
    "standard": "标准类别",
    "basis": "依据层级",
    "subject": "评价对象",
    "equipment": "装置",
    "determination": "认定结论",
    "fails_if": "不达标条件（门槛）",
    "exempt_if": "豁免条件",
    "exemption": "豁免说明",
    "retrofit": "改造出路",
    "limit_values": "能耗限定值",
    "clause": "条款",
    "documents": "依据文件",
    "precedence": "适用优先",
    "wording": "原文",
    "kind": "类型",
    "indicator": "指标",
    "unit": "单位",
    "comparison": "比较方式",
    "target": "目标值",
    "value_min": "目标下限",
    "value_max": "目标上限",
    "period": "期间",
    "scope": "范围",
    "lead": "牵头单位",
    "supporting": "配合单位",
    "responsibility": "责任分工",
    "measure": "测算口径",
    "where": "适用条件",
    "deadline": "期限",
    "action": "措施",
    "duty": "义务",
    "timing": "时间要求",
    "label": "名称",
    "rate": "费率",
    "rates": "费率（按起始日期）",
    "tiers": "分档",
    "threshold": "基准值",
    "step": "步长",
    "rate_per_step": "每步加价",
    "effective_from": "起始日期",
    "source": "出处",
    "confirmed": "已核实",
    "categories": "类别",
    "ratio": "置换比例",
    "region": "区域",
    "route": "置换路径",
    "at_least": "下限",
    "weight": "权重",
    "benchmark": "基准值",
    "available": "参与计分",
    "up_to_pct": "累计比例上限（%）",
    "per_line": "每条扣分",
    "cap": "上限",
    "score_below": "得分低于",
    "overdue_above": "逾期生产线超过",
    "top": "名次前",
    "score_at_least": "得分不低于",
    "min_mw": "容量下限（兆瓦）",
    "max_mw": "容量上限（兆瓦）",
    "reason": "理由",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(_fmt(v) for v in value) if value else "（空）"
    if isinstance(value, dict):
        return "；".join(f"{FIELD_LABELS.get(str(k), str(k))}：{_fmt(v)}" for k, v in value.items())
    return str(value)


def condition_text(cond: Any, book: rulebook.Rulebook | None = None) -> str:
    """A rulebook condition in words: ``单机容量 ≤ 350`` … joined by 且/或."""
    if cond is None:
        return "（无）"
    if isinstance(cond, rulebook.Leaf):
        label = book.field_label(cond.field) if book is not None else cond.field
        unit = book.field_unit(cond.field) if book is not None else ""
        symbol = rulebook.OP_SYMBOLS.get(cond.op, cond.op)
        value = _fmt(cond.value)
        klass = f"（{cond.capacity_class}）" if cond.capacity_class else ""
        unit_text = f" {unit}" if unit and cond.op in rulebook.NUMERIC_OPS else ""
        return f"{label} {symbol} {value}{unit_text}{klass}"
    if isinstance(cond, rulebook.AllOf):
        return "（" + " 且 ".join(condition_text(c, book) for c in cond.all) + "）"
    if isinstance(cond, rulebook.AnyOf):
        return "（" + " 或 ".join(condition_text(c, book) for c in cond.any) + "）"
    return _fmt(cond)


@dataclass(frozen=True)
class _Section:
    name: str
    label: str
    entries: Callable[[Any], dict[str, Any]]


def _by(attr: str, key: str) -> Callable[[Any], dict[str, Any]]:
    def get(content: Any) -> dict[str, Any]:
        items = getattr(content, attr)
        if isinstance(items, Mapping):
            return dict(items)
        return {str(getattr(item, key)): item for item in items}

    return get


def _single(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda content: {attr: getattr(content, attr)}


_SECTIONS: dict[str, tuple[_Section, ...]] = {
    "rulebook": (
        _Section("rules", "规则", _by("rules", "id")),
        _Section("capacity_classes", "容量等级", _by("capacity_classes", "id")),
        _Section("figures", "企业指标", _by("figures", "")),
        _Section("aggregates", "汇总量", _by("aggregates", "")),
        _Section("flags", "标识", _by("flags", "")),
        _Section("documents", "标准文件", _by("documents", "")),
    ),
    "targets": (
        _Section("targets", "目标", _by("targets", "id")),
        _Section("obligations", "逐条任务", _by("obligations", "id")),
        _Section("undated", "未定期限的任务", _by("undated", "id")),
        _Section("status_rules", "进度判定", _single("status_rules")),
    ),
    "pricing": (
        _Section("electricity", "电价加价", _by("electricity", "id")),
        _Section("water", "水价加价", lambda c: {s.id: s for s in c.water.schedules}),
        _Section("water_base", "基本水价", lambda c: {"base_price": c.water.base_price}),
        _Section("categories", "价格类别", _by("categories", "")),
    ),
    "replacement": (
        _Section("ratios", "置换比例", _by("ratios", "id")),
        _Section("minimum_scale", "最低规模", _by("minimum_scale", "equipment")),
        _Section("no_outside_province", "不得省外置换", _by("no_outside_province", "industry")),
        _Section("admission", "五个减量替代", _by("admission", "dimension")),
        _Section("documents", "文件", _by("documents", "")),
        _Section("groups", "装置分组", _by("groups", "")),
        _Section("replaceable_tasks", "可用于置换的任务", _by("replaceable_tasks", "")),
    ),
    "classes": (
        _Section("indicators", "评价指标", _by("indicators", "key")),
        _Section("classes", "分类比例", _by("classes", "code")),
        _Section("cap", "单项封顶", _single("cap")),
        _Section("not_rated", "不参评", _single("not_rated")),
        _Section("measures", "差别化措施", _by("measures", "")),
        _Section("publication", "公示", _single("publication")),
    ),
    "evaluation": tuple(
        _Section(key, label, _single(key))
        for key, label in (
            ("completion", "任务完成率"),
            ("timeliness", "按期完成率"),
            ("overdue", "逾期扣分"),
            ("plan", "“三个一批”计划"),
            ("interview", "约谈"),
            ("praise", "表扬"),
        )
    ),
}

#: Fields holding a rulebook condition, compared as words.
_CONDITION_FIELDS = frozenset({"fails_if", "exempt_if", "where"})


def _name_of(key: str, entry: Any) -> str:
    for attr in ("wording", "label", "indicator", "title"):
        value = getattr(entry, attr, None)
        if isinstance(value, str) and value:
            return value
    return FIELD_LABELS.get(key, key)


def _citation_of(entry: Any) -> tuple[str, str]:
    clause = str(getattr(entry, "clause", "") or "")
    citation = getattr(entry, "citation", None)
    if isinstance(citation, str):
        return clause, citation
    parts = [
        str(getattr(entry, name))
        for name in ("document", "source")
        if isinstance(getattr(entry, name, None), str) and getattr(entry, name)
    ]
    return clause, " ".join(p for p in [clause, *parts] if p)


def _fields(entry: Any, book: rulebook.Rulebook | None) -> dict[str, str]:
    """An entry's fields as words, in their written order."""
    if not isinstance(entry, BaseModel):
        return {"": _fmt(entry)}
    out: dict[str, str] = {}
    for name in type(entry).model_fields:
        value = getattr(entry, name)
        if name in _CONDITION_FIELDS:
            out[name] = condition_text(value, book)
        elif isinstance(value, BaseModel):
            out[name] = _fmt(value.model_dump(mode="python", by_alias=True, exclude_defaults=True))
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            out[name] = "；".join(
                _fmt(v.model_dump(mode="python", by_alias=True, exclude_defaults=True))
                for v in value
            )
        else:
            out[name] = _fmt(value)
    return out


def diff(dataset: str, old: Any, new: Any) -> list[Change]:
    """What changed from ``old`` to ``new`` (versions or loaded data sets of ``dataset``),
    entry by entry in the new version's order, removed entries after, each with its clause
    and citation. The version block (label, dates, document) is the first change when it
    differs."""
    check_dataset(dataset)
    before = old.content if isinstance(old, Version) else old
    after = new.content if isinstance(new, Version) else new
    book_old = before if isinstance(before, rulebook.Rulebook) else None
    book_new = after if isinstance(after, rulebook.Rulebook) else None
    changes: list[Change] = []
    info_old, info_new = info_of(dataset, before), info_of(dataset, after)
    for name, label in (
        ("label", "版本号"),
        ("effective", "生效日期"),
        ("doc_number", "文号"),
        ("doc_title", "发文标题"),
        ("doc_date", "发文日期"),
        ("publisher", "发布机关"),
    ):
        a, b = getattr(info_old, name), getattr(info_new, name)
        if a != b:
            changes.append(
                Change(dataset, "version", "版本信息", "", "changed", name, label, _fmt(a), _fmt(b))
            )
    for section in _SECTIONS[dataset]:
        olds, news = section.entries(before), section.entries(after)
        for key, entry in news.items():
            clause, citation = _citation_of(entry)
            if key not in olds:
                changes.append(
                    Change(
                        dataset,
                        section.name,
                        section.label,
                        key,
                        "added",
                        new=_summary(entry, book_new),
                        clause=clause,
                        citation=citation,
                        entry_label=_name_of(key, entry),
                    )
                )
                continue
            fa, fb = _fields(olds[key], book_old), _fields(entry, book_new)
            for name in [*fb, *(n for n in fa if n not in fb)]:
                a, b = fa.get(name, "（空）"), fb.get(name, "（空）")
                if a != b:
                    changes.append(
                        Change(
                            dataset,
                            section.name,
                            section.label,
                            key,
                            "changed",
                            name,
                            FIELD_LABELS.get(name, name),
                            a,
                            b,
                            clause,
                            citation,
                            _name_of(key, entry),
                        )
                    )
        for key, entry in olds.items():
            if key not in news:
                clause, citation = _citation_of(entry)
                changes.append(
                    Change(
                        dataset,
                        section.name,
                        section.label,
                        key,
                        "removed",
                        old=_summary(entry, book_old),
                        clause=clause,
                        citation=citation,
                        entry_label=_name_of(key, entry),
                    )
                )
    return changes


def _summary(entry: Any, book: rulebook.Rulebook | None) -> str:
    """An added or removed entry in one line: its wording and threshold where it has them."""
    if isinstance(entry, rulebook.Rule):
        cond = condition_text(entry.fails_if, book) if entry.fails_if else ""
        return "；".join(p for p in (entry.wording, cond) if p)
    fields = _fields(entry, book)
    return "；".join(f"{FIELD_LABELS.get(k, k)}：{v}" if k else v for k, v in fields.items())
