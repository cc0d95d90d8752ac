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
    #: The scope's own figure in the target's unit, as the targets page shows it for that
    #: scope: the province's (or a department's) achieved, the city's (its % of its own
    #: qualifying lines for a share target).
    achieved: float = 0.0
    #: Progress toward the figure shown, in % (None for a contribution).
    percent: float | None = None
    #: met / on_track / at_risk / behind against the target shown ("" for a contribution).
    status: str = ""
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
        return _share(p, part.achieved, part.planned, part.population, rules)
    return _contribution(p, part.achieved, part.population)


def _whole(p: Progress, rules: StatusRules) -> Card:
    t = p.target
    if t.unit == "%":  # a share of the qualifying lines or enterprises
        text = f"已退出 {words.percent_text(p.achieved)}，目标 {words.figure_text(t.target)}%"
    else:
        text = (f"{words.figure_text(p.achieved, 2)} / {words.figure_text(t.target, 2)} "
                f"{t.unit}（{words.percent_text(p.percent)}）")  # fmt: skip
    return Card(t.id, t.wording, t.unit, "target", text, p.achieved, _clamp(p.percent),
                p.status, p.status_label(rules))  # fmt: skip


def _share(
    p: Progress, achieved: float, planned: float, population: float, rules: StatusRules
) -> Card:
    t = p.target
    percent, text = _own_share(t, achieved, population)
    forecast = 100.0 * (achieved + planned) / population if population else ALL
    status = status_of(percent, forecast, ALL, p.period_ended, rules)
    return Card(t.id, t.wording, "%", "share", text, percent, _clamp(percent), status,
                rules.label(status, p.period_ended))  # fmt: skip


def _own_share(t: Target, achieved: float, population: float) -> tuple[float, str]:
    """The city's exits of its own qualifying lines or enterprises, in % and in words."""
    assert t.measure is not None
    unit = _COUNT_UNITS.get(t.measure.count, "")
    percent = 100.0 * achieved / population if population else ALL
    text = (f"本市应退出 {words.figure_text(population, 2)} {unit}，已退出 "
            f"{words.figure_text(achieved, 2)} {unit}（{words.percent_text(percent)}）")  # fmt: skip
    return percent, text


def _contribution(p: Progress, achieved: float, population: float) -> Card:
    t = p.target
    assert t.measure is not None
    whole = _whole_label(t)
    if t.measure.share:
        # The province's figure is a share of its lines: the city's own share, no target.
        own, text = _own_share(t, achieved, population)
        return Card(t.id, t.wording, "%", "contribution", text, own)
    if p.achieved > 0:
        text = (f"本市已退出 {words.figure_text(achieved, 2)} {t.unit}，"
                f"占{whole}完成量 {words.percent_text(100.0 * achieved / p.achieved)}")  # fmt: skip
    else:
        text = f"本市已退出 {words.figure_text(achieved, 2)} {t.unit}，{whole}尚无完成量"
    return Card(t.id, t.wording, t.unit, "contribution", text, achieved)


def _whole_label(t: Target) -> str:
    return "通道城市" if t.scope.area == "corridor" else AREA_LABELS.get(t.scope.area, "全省")


def _clamp(percent: float) -> float:
    return min(max(percent, 0.0), 100.0)
