"""Amounts computed from values the plan does not give are marked wherever they appear.

The plan names instruments without their numbers (water surcharge tiers, base water price,
efficiency-class weights and bands, admission ratios, evaluation scores …). The data files
hold software defaults for them, each flagged unconfirmed; every page, export, CLI table and
JSON that shows an amount computed from such a value says so next to it with
:data:`UNCONFIRMED_NOTE`, and JSON carries ``"unconfirmed": true`` and ``"note"``.
"""

from __future__ import annotations

from typing import Any

#: Said next to every amount computed from a software default.
UNCONFIRMED_NOTE = "按软件缺省值，待核实"


def marked(text: str, unconfirmed: bool) -> str:
    """``text`` with the note appended when it rests on a software default."""
    return f"{text}（{UNCONFIRMED_NOTE}）" if unconfirmed and UNCONFIRMED_NOTE not in text else text


def flags(unconfirmed: bool, what: str = "") -> dict[str, Any]:
    """The additive JSON keys: ``unconfirmed`` and ``note`` (empty when confirmed)."""
    note = f"{UNCONFIRMED_NOTE}：{what}" if what else UNCONFIRMED_NOTE
    return {"unconfirmed": unconfirmed, "note": note if unconfirmed else ""}
