"""Hand-written builders for ledgers in tests: sensible defaults, overrides by keyword."""

from __future__ import annotations

import itertools
from typing import Any

from resolute.core import cities, credit_code
from resolute.core.ledger import Ledger

_serial = itertools.count(1)

#: A compliant, fully known enterprise per industry (efficiency figures well above limits).
ENTERPRISE_DEFAULTS: dict[str, Any] = {
    "name": "山东测试企业有限公司",
    "city": "淄博",
    "county": "张店区",
    "year": 2020,
    "land_area_mu": 100.0,
    "tax_10k_yuan": 100_000.0,
    "energy_tce": 1_000.0,
    "employees": 100,
    "revenue_10k_yuan": 1_000_000.0,
    "value_added_10k_yuan": 100_000.0,
    "so2_t": 10.0,
    "loss_years": 0,
    "turnaround_hopeless": False,
    "in_chemical_park": True,
    "independent_coking": False,
    "plant_coking_capacity_10kt": 200.0,
    "in_steel_layout": True,
}

#: A compliant, fully known line per equipment.
LINE_DEFAULTS: dict[str, dict[str, Any]] = {
    "blast_furnace": {"capacity": 300.0, "volume_m3": 1080.0},
    "bof": {"capacity": 300.0, "nominal_t": 120.0},
    "eaf": {"capacity": 100.0, "nominal_t": 100.0},
    "iron_melting": {"capacity": 10.0},
    "induction_power_freq": {"capacity": 5.0, "melts_scrap": False},
    "induction_medium_freq": {"capacity": 5.0, "melts_scrap": False},
    "cdu": {
        "capacity": 500.0,
        "integrated": True,
        "in_dense_urban_area": False,
        "yulong_consolidation": False,
    },
    "coke_oven": {"capacity": 100.0, "oven_type": "top_charged", "chamber_height_m": 6.0},
    "coal_unit": {
        "capacity": 66.0,
        "unit_mw": 660.0,
        "steam_class": "ultra_supercritical",
        "coal_g_kwh": 280.0,
        "ultra_low": True,
        "comprehensive_utilization": False,
        "unit_type": "condensing",
        "heat_irreplaceable": False,
        "plant_id": "P1",
    },
    "clinker_line": {
        "capacity": 5000.0,
        "kiln_type": "nsp",
        "special_cement": False,
        "chemical_supporting": False,
    },
    "cement_mill": {"capacity": 100.0, "diameter_m": 4.2, "special_cement": False},
    "tyre_line": {
        "capacity": 600.0,
        "tyre_type": "semi_steel_radial",
        "cotton_cord": False,
        "specialty": "ordinary",
    },
    "rubber_mixer": {"closed_auto_feed": True},
    "vulcanizer": {"nitrogen_process": True},
    "coal_mine": {
        "capacity": 120.0,
        "depth_m": 600.0,
        "rock_burst": False,
        "safety_grade": "2",
        "license_conditions_met": True,
    },
    "caustic_unit": {
        "capacity": 30.0,
        "process": "membrane",
        "waste_salt": False,
        "membrane_gap_done": True,
    },
    "ammonia_unit": {"capacity": 30.0, "process": "other"},
    "pesticide_unit": {"capacity": 1000.0, "process": "other"},
    "resin_unit": {"capacity": 20.0, "process": "other"},
}

INDUSTRY_OF = {
    "blast_furnace": "steel",
    "bof": "steel",
    "eaf": "steel",
    "iron_melting": "steel",
    "induction_power_freq": "steel",
    "induction_medium_freq": "steel",
    "cdu": "refining",
    "coke_oven": "coking",
    "coal_unit": "coal_power",
    "clinker_line": "cement",
    "cement_mill": "cement",
    "tyre_line": "tyre",
    "rubber_mixer": "tyre",
    "vulcanizer": "tyre",
    "coal_mine": "coal_mine",
    "caustic_unit": "chlor_alkali",
    "ammonia_unit": "ammonia",
    "pesticide_unit": "pesticide",
    "resin_unit": "synthetic_material",
}


def new_credit_code() -> str:
    return credit_code.complete(f"91370300MA{next(_serial):07d}")


def make_enterprise(industry: str = "steel", **overrides: Any) -> dict[str, Any]:
    ent = {**ENTERPRISE_DEFAULTS, "credit_code": new_credit_code(), "industry": industry}
    if "city" in overrides and "county" not in overrides and overrides["city"]:
        # The default county is in 淄博: another city gets its own first county.
        ent["county"] = cities.city(str(overrides["city"])).counties[0].name
    ent.update(overrides)
    return ent


def make_line(
    equipment: str = "blast_furnace", credit_code: str = "", **overrides: Any
) -> dict[str, Any]:
    line = {
        "line_id": f"L{next(_serial):06d}",
        "credit_code": credit_code,
        "equipment": equipment,
        "status": "operating",
        "env_status": "pass",
        "safety_status": "pass",
        "energy_status": "pass",
        "upgrade_hopeless": False,
        **LINE_DEFAULTS[equipment],
    }
    line.update(overrides)
    return line


def ledger_of(enterprise: dict[str, Any], *lines: dict[str, Any]) -> Ledger:
    """A ledger of one enterprise and its lines (lines get the enterprise's credit code)."""
    fixed = [{**ln, "credit_code": enterprise["credit_code"]} for ln in lines]
    return Ledger.from_records([enterprise], fixed)


def single_line(equipment: str, line: dict[str, Any] | None = None, **enterprise: Any) -> Ledger:
    ent = make_enterprise(INDUSTRY_OF[equipment], **enterprise)
    return ledger_of(ent, make_line(equipment, **(line or {})))
