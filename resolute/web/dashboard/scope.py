"""Which target figures a dashboard shows, for whom: never a province target against only a
part of the province.

The figures are taken from the province's progress (computed once, see
``resolute.web.targets``), broken down by city. For each capacity target of 二(三):

- the province office sees the target and the province's progress (``target``);
- a department sees the targets of its industries whole — its scope is every line of those
  industries — and no other (``target``);
- a city (its officer, or anyone looking at its dashboard) sees a target as its own only
  where the plan assigns it one: a target scoped to the city, or a 全部 target (all the
  qualifying lines or enterprises exit, so all of the city's own too: ``share``, the city's
  own lines against its own total). Any other target where the city has qualifying lines or
  exits is shown as its contribution to the province's figure, without a ratio to the
  province's target (``contribution``); a target without any line of the city is not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from resolute.core import words
from resolute.core.progress import Progress, status_of
from resolute.core.targets import AREA_LABELS, StatusRules, Target

CardKind = Literal["target", "share", "contribution"]
#: The figure of a 全部 target, in %.
ALL = 100.0
_COUNT_UNITS = {"lines": "条", "enterprises": "家"}


@dataclass(frozen=True)
class Viewer:
    """Whose dashboard: the province, a department's industries, or one city."""

    kind: Literal["province", "department", "city"]
    city: str | None = None
    industries: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Card:
    target_id: str
    wording: str
    unit: str
    kind: CardKind
    #: The one line the card says (“1,520 / 1,520 万吨（100.0%）”, “本市已退出 …”).
    text: str
    #: Progress toward the figure shown, in % (None for a contribution).
    percent: float | None = None
    status_label: str = ""


def cards(progress: Sequence[Progress], viewer: Viewer, rules: StatusRules) -> list[Card]:
    """The cards of ``viewer``'s dashboard from the province's ``progress``, in the order of
    the targets."""
    found: list[Card] = []
    for p in progress:
        card = _card(p, viewer, rules)
        if card is not None:
            found.append(card)
    return found


def _card(p: Progress, viewer: Viewer, rules: StatusRules) -> Card | None:
    t = p.target
    if viewer.kind == "province":
        return _whole(p, rules)
    if viewer.kind == "department" and viewer.city is None:
        return _whole(p, rules) if t.scope.industry in viewer.industries else None
    if viewer.kind == "department" and t.scope.industry not in viewer.industries:
        return None
    city = viewer.city or ""
    if t.scope.area == "city":
        return _whole(p, rules) if t.scope.city == city else None
    part = p.by_city.get(city)
    if part is None or (part.population <= 0 and part.achieved <= 0):
        return None
    measure = t.measure
    if measure is not None and measure.share and t.target == ALL:
        return _share(p, city, part.achieved, part.planned, part.population, rules)
    return _contribution(p, city, part.achieved)


def _whole(p: Progress, rules: StatusRules) -> Card:
    t = p.target
    text = (f"{words.number_text(p.achieved, 2)} / {words.number_text(t.target, 2)} {t.unit}"
            f"（{words.number_text(p.percent, 1)}%）")  # fmt: skip
    return Card(t.id, t.wording, t.unit, "target", text, _clamp(p.percent),
                p.status_label(rules))  # fmt: skip


def _share(
    p: Progress, city: str, achieved: float, planned: float, population: float,
    rules: StatusRules,
) -> Card:  # fmt: skip
    t = p.target
    assert t.measure is not None
    unit = _COUNT_UNITS.get(t.measure.count, t.measure.capacity_unit())
    percent = 100.0 * achieved / population if population else ALL
    forecast = 100.0 * (achieved + planned) / population if population else ALL
    status = status_of(percent, forecast, ALL, p.period_ended, rules)
    text = (f"本市应退出 {words.number_text(population, 2)} {unit}，已退出 "
            f"{words.number_text(achieved, 2)} {unit}（{words.number_text(percent, 1)}%）")  # fmt: skip
    return Card(t.id, t.wording, "%", "share", text, _clamp(percent),
                rules.label(status, p.period_ended))  # fmt: skip


def _contribution(p: Progress, city: str, achieved: float) -> Card:
    t = p.target
    assert t.measure is not None
    unit = t.unit if not t.measure.share else _COUNT_UNITS.get(t.measure.count, "")
    whole = _whole_label(t)
    if p.target.measure is not None and p.target.measure.share:
        # A share target's province figure is a percentage: count the city's part instead.
        text = f"本市已退出 {words.number_text(achieved, 2)} {unit}"
    elif p.achieved > 0:
        share = 100.0 * achieved / p.achieved
        text = (f"本市已退出 {words.number_text(achieved, 2)} {unit}，"
                f"占{whole}完成量 {words.number_text(share, 1)}%")  # fmt: skip
    else:
        text = f"本市已退出 {words.number_text(achieved, 2)} {unit}，{whole}尚无完成量"
    return Card(t.id, t.wording, unit, "contribution", text)


def _whole_label(t: Target) -> str:
    return "通道城市" if t.scope.area == "corridor" else AREA_LABELS.get(t.scope.area, "全省")


def _clamp(percent: float) -> float:
    return min(max(percent, 0.0), 100.0)
