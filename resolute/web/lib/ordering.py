"""Database ordering in the official order of cities (officials.md), for name columns.

Tables that keep a city's name as text (assessment results, a snapshot of the ledger) sort
by :func:`city_order` instead of by the name, which would put 东营 before 济南. Tables with
a foreign key to ``City`` sort by ``city__code``, which is the same order.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from resolute.core.cities import official_names


def city_order(field: str = "city") -> Case:
    """An expression ranking ``field`` (a short city name) 0–15 in the official order;
    any other value ranks after them."""
    names = official_names()
    return Case(
        *(When(**{field: name}, then=Value(i)) for i, name in enumerate(names)),
        default=Value(len(names)),
        output_field=IntegerField(),
    )
