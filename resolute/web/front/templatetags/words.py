"""``{% load words %}``: the wording of :mod:`resolute.core.words` in templates.

``{{ enterprise.county|words:"county" }}`` words a stored value (未知 when missing, labels for
codes, 是/否, numbers without float noise); ``{{ exit.capacity|quantity:unit }}`` a quantity
with its unit, or 未知 alone; ``{% unknown %}`` the word itself. Templates use these instead of
spelling the word for unknown.
"""

from __future__ import annotations

from typing import Any

from django import template

from resolute.core import words as _words

register = template.Library()


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
    return _words.quantity_text(value, unit)
