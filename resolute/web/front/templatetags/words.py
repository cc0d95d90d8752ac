"""``{% load words %}``: the wording of :mod:`resolute.core.words` in templates.

``{{ enterprise.county|words:"county" }}`` words a stored value (未知 when missing, labels for
codes, 是/否, numbers with separators and without float noise); ``{{ exit.capacity|quantity:unit }}``
a quantity with its unit, or 未知 alone; ``{% unknown %}`` the word itself. Templates use
these instead of spelling the word for unknown.

Figures as officials write them (officials.md), one filter each; the unit goes in the
column header, not in the cell:

- ``{{ x|thousands }}`` → 1,234,567.8 (at most 2 decimals; ``thousands:0`` for whole numbers);
- ``{{ yuan|wan_yuan }}`` → 18,537.79 — an amount stored in 元, in 万元 with two decimals;
  ``{{ x|wan_yuan:"万元" }}`` when the amount is stored in 万元 already;
- ``{{ yuan|yi_yuan }}`` → 1,853.78 — in 亿元, for province totals (same argument);
- ``{{ kwh|in_unit:"千瓦时>万千瓦时" }}`` → a figure converted into the plan's unit;
- ``{{ percent|pct }}`` → 74.7% (a percentage); ``{{ share|ratio_pct }}`` (a fraction, 0.747);
- ``{{ day|date_zh }}`` → 2022年12月31日 (documents); ``{{ day|date_iso }}`` → 2022-12-31
  (tables). A date-time is taken in the local time zone first.

``{{ user|person }}`` names a person by the display name, not the login name.

Missing stored values read 未知, a percentage or a date that does not apply reads —. A text
that is not a number raises ValueError naming it: a figure is never shown wrong.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

from resolute.core import words as _words
from resolute.web.accounts.scoping import display_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """A user as a page names a person: the display name, never the login name unless there
    is no other (:func:`resolute.web.accounts.scoping.display_name`)."""
    return display_name(user)


@register.filter
def words(value: Any, key: str = "") -> str:
    """A stored value in words; ``key`` names its ledger field, for the labels of codes."""
    return _words.value_text(value, key)


@register.simple_tag
def unknown() -> str:
    """``{% unknown %}``: the one word for a missing value, where a branch needs it."""
    return _words.UNKNOWN


@register.filter
def quantity(value: Any, unit: str = "") -> str:
    """A figure followed by its unit (“300 万吨/年”), or 未知 without a unit."""
    return _words.quantity_text(_figure(value), unit)


def _figure(value: Any) -> Any:
    """A template value as a number: a numeric text (from JSON or a form) is read exactly;
    "" is missing."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"“{value}”不是数字") from None
    return value


@register.filter
def thousands(value: Any, places: int = 2) -> str:
    """1,234,567.8: separators and at most ``places`` decimals; 未知 when missing."""
    return _words.figure_text(_figure(value), int(places))


@register.filter
def wan_yuan(value: Any, source: str = "元") -> str:
    """An amount in 万元, two decimals; ``source`` is the unit it is stored in (元)."""
    return _words.money_text(_figure(value), "万元", source or "元")


@register.filter
def yi_yuan(value: Any, source: str = "元") -> str:
    """An amount in 亿元 (province totals), two decimals; ``source`` as for wan_yuan."""
    return _words.money_text(_figure(value), "亿元", source or "元")


@register.filter
def in_unit(value: Any, units: str) -> str:
    """A figure converted from its stored unit into the plan's: ``"千瓦时>万千瓦时"``."""
    source, _, target = units.replace("→", ">").partition(">")
    return _words.unit_figure_text(_figure(value), source.strip(), target.strip())


@register.filter
def pct(value: Any, places: int = 1) -> str:
    """A percentage to one decimal (74.7%); — when it cannot be computed."""
    return _words.percent_text(_figure(value), int(places))


@register.filter
def ratio_pct(value: Any, places: int = 1) -> str:
    """A fraction (0.747) as a percentage to one decimal (74.7%)."""
    return _words.fraction_text(_figure(value), int(places))


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"“{value}”不是日期")


@register.filter
def date_zh(value: Any) -> str:
    """2022年12月31日, as documents write a date; — when there is none."""
    return _words.date_text(_day(value))


@register.filter
def date_iso(value: Any) -> str:
    """2022-12-31, as tables write a date; — when there is none."""
    return _words.date_iso(_day(value))
