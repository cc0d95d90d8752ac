"""A ledger holding only the columns an assessment reads (``engine.columns_read``), with its
code fields as enums (``engine.compact_lines``), is assessed exactly as the whole ledger."""

from __future__ import annotations

import polars as pl

from resolute import demo
from resolute.core import engine, rulebook
from resolute.core.ledger import Ledger

BOOK = rulebook.default()


def _slim(ledger: Ledger) -> Ledger:
    ent_fields, line_fields = engine.columns_read(BOOK)
    enterprises = ledger.enterprises.select(
        c for c in ledger.enterprises.columns if c in ent_fields
    )
    lines = ledger.lines.select(c for c in ledger.lines.columns if c in line_fields)
    return Ledger(enterprises, engine.compact_lines(lines))


def test_a_ledger_of_the_columns_read_gives_the_same_assessment() -> None:
    ents, lines = demo.generate(3000, seed=5)
    ledger = Ledger.from_records(ents, lines)
    slim = _slim(ledger)
    assert slim.lines.width < ledger.lines.width
    assert slim.enterprises.width < ledger.enterprises.width
    assert isinstance(slim.lines["equipment"].dtype, pl.Enum)
    full, part = engine.assess(ledger, BOOK), engine.assess(slim, BOOK)
    assert part.lines == full.lines
    assert part.enterprises == full.enterprises
    assert part.json_bytes(BOOK) == full.json_bytes(BOOK)


def test_a_code_column_holding_other_text_stays_text() -> None:
    lines = pl.DataFrame({"equipment": ["bof", "not-a-code"], "status": ["exited", None]})
    compact = engine.compact_lines(lines)
    assert compact["equipment"].dtype == pl.String
    assert isinstance(compact["status"].dtype, pl.Enum)
    assert compact["status"].to_list() == ["exited", None]
