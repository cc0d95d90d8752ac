"""Shandong's 16 prefecture-level cities and their county-level divisions, as data.

The list lives in ``resolute/data/cities.yaml`` with its sources. Several parts of the plan
depend on where an enterprise stands: the corridor cities (京津冀大气污染传输通道城市) carry
the steel transfer task of 二(三)1, except 济南's 莱芜区 and 钢城区, and credit codes and line
numbers carry the county's administrative division code. This module loads that file once,
checks it, and answers those questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from resolute.core.datafile import DataFileError, read_yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "cities.yaml"


class CitiesError(DataFileError):
    """A cities file that cannot be used, naming the file and the entry at fault."""


@dataclass(frozen=True, slots=True)
class County:
    """A county-level division (区、县、县级市) with its 6-digit division code."""

    name: str
    code: str


@dataclass(frozen=True, slots=True)
class City:
    """A prefecture-level city (设区市): division code, corridor status, seat and counties."""

    name: str
    code: str
    corridor: bool
    lat: float
    lon: float
    counties: tuple[County, ...]
    #: Counties of a corridor city that the corridor steel task leaves out (二(三)1).
    corridor_excluded: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """The first four digits of the division code, shared by all its counties."""
        return self.code[:4]

    def county(self, name: str) -> County:
        """The county called ``name`` in this city; KeyError when there is none."""
        for c in self.counties:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}市没有“{name}”")


def _short(name: str) -> str:
    text = name.strip()
    return text[:-1] if text.endswith("市") and len(text) > 2 else text


def read_cities(path: Path | str) -> tuple[City, ...]:
    """Read and check a cities file; raise :class:`CitiesError` on the first problem."""
    target = Path(path)
    raw, _ = read_yaml(target, CitiesError)
    if not isinstance(raw, dict) or not isinstance(raw.get("cities"), list):
        raise CitiesError(target, "(file)", "顶层应为含 cities 列表的映射")
    cities = tuple(_city(target, i, entry) for i, entry in enumerate(raw["cities"]))
    names = [c.name for c in cities]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CitiesError(target, "cities", f"市名重复：{duplicates[0]}")
    return cities


def _city(path: Path, index: int, entry: Any) -> City:
    where = f"cities[{index}]"
    if not isinstance(entry, dict):
        raise CitiesError(path, where, "应为“键: 值”的映射")
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        raise CitiesError(path, where, "name 应为非空的文字")
    where = f"{where} {name}"
    code = _code(path, where, entry.get("code"))
    corridor = entry.get("corridor")
    if not isinstance(corridor, bool):
        raise CitiesError(path, where, "corridor 应为 true 或 false")
    lat, lon = entry.get("lat"), entry.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        raise CitiesError(path, where, "lat 和 lon 应为数字")
    raw_counties = entry.get("counties")
    if not isinstance(raw_counties, list) or not raw_counties:
        raise CitiesError(path, where, "counties 应为非空的列表")
    counties: list[County] = []
    for j, item in enumerate(raw_counties):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise CitiesError(path, f"{where} counties[{j}]", "须有 name")
        county = County(item["name"], _code(path, f"{where} {item['name']}", item.get("code")))
        if county.code[:4] != code[:4]:
            raise CitiesError(
                path,
                f"{where} {county.name}",
                f"代码 {county.code} 不以本市代码的前四位 {code[:4]} 开头",
            )
        counties.append(county)
    excluded = entry.get("corridor_excluded", [])
    if not isinstance(excluded, list) or not all(isinstance(x, str) for x in excluded):
        raise CitiesError(path, where, "corridor_excluded 应为县（市、区）名的列表")
    known = {c.name for c in counties}
    for county_name in excluded:
        if county_name not in known:
            raise CitiesError(
                path, where, f"corridor_excluded 中的 {county_name} 不是本市的县（市、区）"
            )
    return City(name, code, corridor, float(lat), float(lon), tuple(counties), tuple(excluded))


def _code(path: Path, where: str, value: Any) -> str:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if len(text) != 6 or not text.isdigit() or not text.startswith("37"):
        raise CitiesError(path, where, f"代码 {value!r} 不是 6 位的山东省行政区划代码")
    return text


@cache
def load_cities() -> tuple[City, ...]:
    """The bundled list of cities, read once per process."""
    return read_cities(DEFAULT_PATH)


@cache
def _by_name() -> dict[str, City]:
    return {c.name: c for c in load_cities()}


def city(name: str) -> City:
    """The city called ``name`` (``淄博`` or ``淄博市``); KeyError when it is not one of 16."""
    found = _by_name().get(_short(name))
    if found is None:
        raise KeyError(f"“{name}”不是山东省 16 市之一")
    return found


def place_in_corridor(city_name: str | None, county: str | None) -> bool | None:
    """:func:`is_corridor` for a ledger row: None when the city is blank or not known."""
    if not city_name:
        return None
    try:
        return is_corridor(city_name, county)
    except KeyError:
        return None


def is_corridor(city_name: str, county: str | None = None) -> bool:
    """Whether a place falls under the corridor-city steel task of 二(三)1.

    True in the seven 京津冀大气污染传输通道 cities, except in the counties the plan leaves
    out (济南's 莱芜区 and 钢城区). An unknown county of a corridor city counts as inside,
    because the exception is narrow and names its counties.
    """
    found = city(city_name)
    if not found.corridor:
        return False
    return county is None or county.strip() not in found.corridor_excluded


# ─── the official order ────────────────────────────────────────────────────────
#
# Provincial documents and statistics list the 16 cities by administrative division code
# (济南、青岛、淄博、枣庄、东营、烟台、潍坊、济宁、泰安、威海、日照、临沂、德州、聊城、滨州、菏泽)
# and counties within a city by their own code; never by the code points of their names.
# Every list of cities or counties a person reads is sorted with these keys; a ranked list
# uses them as its last key, so that ties keep the official order.


@cache
def _city_rank() -> dict[str, int]:
    ordered = sorted(load_cities(), key=lambda c: c.code)
    return {c.name: i for i, c in enumerate(ordered)}


@cache
def _county_codes() -> dict[tuple[str, str], str]:
    return {(c.name, k.name): k.code for c in load_cities() for k in c.counties}


def city_sort_key(name: str | None) -> tuple[int, str]:
    """Sort key putting cities in the official order (``淄博`` and ``淄博市`` alike).

    A name that is not one of the 16 (blank, misspelt, 未知) comes after them, by its text,
    so that a list with such a name still sorts the same way every time."""
    rank = _city_rank()
    text = _short(name) if name else ""
    return (rank.get(text, len(rank)), text)


def county_sort_key(city_name: str | None, county: str | None) -> tuple[int, str, str, str]:
    """Sort key for (city, county): cities in the official order, counties by division code.

    A county not found in its city comes after the city's known counties, by its text."""
    first = city_sort_key(city_name)
    text = (county or "").strip()
    code = _county_codes().get((first[1], text), "999999")
    return (*first, code, text)


def in_official_order(names: Iterable[str]) -> list[str]:
    """The given city names, without duplicates, in the official order."""
    return sorted(set(names), key=city_sort_key)


def official_names() -> tuple[str, ...]:
    """The 16 short city names in the official order."""
    return tuple(sorted(_city_rank(), key=_city_rank().__getitem__))
