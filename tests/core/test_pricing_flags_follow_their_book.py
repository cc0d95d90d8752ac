"""Whether a surcharge rests on a figure not yet confirmed is read from the pricing version
the surcharge was computed with, not from the bundled one: a successor that confirms the
water tiers and the steel restricted rate clears those flags."""

from __future__ import annotations

from typing import Any

from test_pricing import _assessment, _ledger

from resolute.core import policies, pricing


def confirmed_book() -> pricing.PriceBook:
    text = policies.bundled("pricing").text.replace('version: "2021.1"', 'version: "2023.1"', 1)
    text = text.replace("  effective: 2021-01-01", "  effective: 2023-01-01", 1)
    for old, new in (("\n  confirmed: false\n", "\n  confirmed: true\n"),):
        assert old in text
        text = text.replace(old, new, 1)
    book: pricing.PriceBook = policies.parse("pricing", text).content
    return book


def water_flags(book: pricing.PriceBook) -> tuple[bool, Any]:
    ledger = _ledger(water_m3=1_500.0)  # half again over its quota: a water surcharge
    report = pricing.surcharges(ledger, _assessment("eliminate"), [], book, year=2021)
    s = report.enterprises[0]
    assert s.water.amount
    return pricing.water_unconfirmed(s.water, book), pricing.enterprise_json(s, book)["water"]


def test_the_water_flag_is_that_of_the_book_the_surcharge_used() -> None:
    bundled = pricing.default()
    assert not bundled.water.confirmed
    assert water_flags(bundled)[0] is True
    assert water_flags(bundled)[1]["unconfirmed"] is True
    confirmed = confirmed_book()
    assert confirmed.water.confirmed
    assert water_flags(confirmed)[0] is False
    assert water_flags(confirmed)[1]["unconfirmed"] is False
