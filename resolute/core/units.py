"""Units as officials write them, and exact conversion between them.

A header such as ``炭化室高度（毫米）`` or a cell such as ``120万吨/年`` carries a unit. This
module reads such a unit (``毫米``, ``mm``, ``m³``, ``万吨/年``, ``亿元`` …) and says whether
a value in it can be converted to a field's unit, and by which factor. Factors are
:class:`~decimal.Decimal`, so 4300 毫米 is exactly 4.3 米 and 2,600,000 元 exactly 260 万元.

Units convert only within one kind of quantity (length, area, mass, money …) and with the
same time base: 万吨/年 and 吨/日 do not convert into each other, since that would need a
number of operating days the file does not give. A unit this module does not know is
never guessed at: :func:`parse` returns None and the caller refuses the value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

# Each atom: its spellings (NFKC-folded, lower case) → (kind, factor to the kind's base).
# Bases: 米, 亩 (area: 1 亩 = 2000/3 m², so 平方米 = 0.0015 亩 exactly), 立方米, 吨, 吨标准煤,
# 元, 兆瓦, 千瓦时, 人, 条, 年 (a count of years), and the time bases of rates.
_ATOMS: dict[str, tuple[str, Decimal]] = {}


def _atom(kind: str, factor: str, *spellings: str) -> None:
    for spelling in spellings:
        _ATOMS[_fold(spelling)] = (kind, Decimal(factor))


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


_atom("length", "1", "米", "m")
_atom("length", "0.001", "毫米", "mm")
_atom("length", "0.01", "厘米", "cm")
_atom("length", "1000", "千米", "公里", "km")
_atom("area", "1", "亩")
_atom("area", "0.0015", "平方米", "m2", "m²", "㎡")
_atom("area", "15", "公顷", "ha", "hm2")
_atom("area", "1500", "平方公里", "平方千米", "km2")
_atom("area", "10000", "万亩")
_atom("volume", "1", "立方米", "m3", "m³", "方")
_atom("volume", "10000", "万立方米", "万m3", "万方")
_atom("volume", "100000000", "亿立方米", "亿m3")
_atom("mass", "1", "吨", "t")
_atom("mass", "0.001", "千克", "公斤", "kg")
_atom("mass", "0.000001", "克", "g")
_atom("mass", "10000", "万吨", "万t")
_atom("mass", "100000000", "亿吨")
_atom("coal", "1", "吨标准煤", "吨标煤", "tce")
_atom("coal", "10000", "万吨标准煤", "万吨标煤", "万tce")
_atom("coal", "0.001", "千克标准煤", "千克标煤", "公斤标准煤", "kgce")
_atom("coal", "0.000001", "克标准煤", "克标煤", "gce")
_atom("money", "1", "元")
_atom("money", "1000", "千元")
_atom("money", "10000", "万元")
_atom("money", "1000000", "百万元")
_atom("money", "100000000", "亿元")
_atom("power", "1", "兆瓦", "mw")
_atom("power", "0.001", "千瓦", "kw")
_atom("power", "10", "万千瓦", "万kw")
_atom("power", "1000", "吉瓦", "gw")
_atom("energy", "1", "千瓦时", "kwh", "kw·h", "kw.h", "度")
_atom("energy", "1000", "兆瓦时", "mwh")
_atom("energy", "10000", "万千瓦时", "万kwh", "万度")
_atom("energy", "100000000", "亿千瓦时", "亿kwh", "亿度")
_atom("persons", "1", "人")
_atom("persons", "10000", "万人")
_atom("tyres", "1", "条")
_atom("tyres", "10000", "万条")
_atom("years", "1", "年")
_atom("year", "1", "年", "a")  # as a denominator: per year
_atom("day", "1", "日", "天", "d")

# A commodity named inside a mass unit (万吨铁/年, 万吨钢/年, 万吨焦/年) says what is weighed,
# not how much: it is set aside and compared on its own.
_COMMODITY = re.compile(r"^(万吨|吨)(铁|钢|焦|熟料|水泥)$")
# The product of a specific energy use: 千克标准煤/单位产品 accepts any product.
_ANY_PRODUCT = "单位产品"


@dataclass(frozen=True)
class Unit:
    """A unit read from text: its kind (``mass/year``), its factor to the kind's base unit,
    the commodity it names if any, and the text as written."""

    kind: str
    factor: Decimal
    text: str
    commodity: str = ""
    any_product: bool = False


@cache
def parse(text: str) -> Unit | None:
    """The unit ``text`` names, or None when it is not a unit this module knows."""
    folded = _fold(text)
    if not folded:
        return None
    parts = folded.split("/")
    if len(parts) > 2:
        return None
    commodity = ""
    top = parts[0]
    match = _COMMODITY.match(top)
    if match:
        top, commodity = match.group(1), match.group(2)
    if top not in _ATOMS:
        return None
    kind, factor = _ATOMS[top]
    if len(parts) == 1:
        return Unit(kind, factor, text.strip(), commodity)
    below = parts[1]
    if below == _ANY_PRODUCT:
        return Unit(f"{kind}/product", factor, text.strip(), commodity, any_product=True)
    if below in ("年", "a"):
        below_kind, below_factor = "year", Decimal(1)
    elif below not in _ATOMS:
        # 千克标准煤/吨 and the like: a product unit the field leaves open
        return Unit(f"{kind}/product", factor, text.strip(), commodity) if kind == "coal" else None
    else:
        below_kind, below_factor = _ATOMS[below]
    return Unit(f"{kind}/{below_kind}", factor / below_factor, text.strip(), commodity)


def factor(source: str, target: str) -> Decimal | None:
    """The exact factor that turns a value in ``source`` into ``target``, or None when the
    two do not convert (different kinds, different time bases, different commodities, or
    either unknown)."""
    a, b = parse(source), parse(target)
    if a is None or b is None:
        return None
    if _fold(source) == _fold(target):
        return Decimal(1)
    if a.kind != b.kind:
        return None
    if a.commodity and b.commodity and a.commodity != b.commodity:
        return None
    return a.factor / b.factor


def same(source: str, target: str) -> bool:
    """Whether a value in ``source`` is already in ``target`` (a factor of exactly 1)."""
    return factor(source, target) == 1


def convert(value: Decimal, by: Decimal) -> float:
    """``value`` × ``by`` computed exactly, then given as the nearest float."""
    return float(value * by)


_NUMBER = re.compile(r"^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_NUMBER_THEN_UNIT = re.compile(r"^([+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+))\s*([^\d.,+\-\s].*)$")


def split_number(text: str) -> tuple[str, str]:
    """A cell's number and the unit after it (``"120万吨/年"`` → ``("120", "万吨/年")``);
    the unit is "" when the cell holds no letters after the number."""
    if _NUMBER.match(text):
        return text, ""
    match = _NUMBER_THEN_UNIT.match(text)
    if match is None:
        return text, ""
    return match.group(1), match.group(2).strip()
