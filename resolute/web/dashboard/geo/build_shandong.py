"""Build the 2019-onwards map of Shandong's 16 cities from ECharts 4's 17-city map.

Why: the map packages on npm and PyPI still draw 莱芜市 as a city, but the State Council
abolished it in January 2019 and put its area into 济南市. Drawing boundaries by hand is
error-prone, so the current map is derived from a published one by one polygon union.

Source: the npm package ``echarts@4.9.0`` (Apache-2.0), file ``map/json/province/shandong.json``.
That file stores its geometry in ECharts 4's compressed "UTF8Encoding" form: every ring is a
string of character pairs; each pair (x, y) is ``charCode - 64``, ZigZag-decoded
(``(v >> 1) ^ -(v & 1)``), added to the previous point (the first point starts from the
ring's ``encodeOffsets`` pair), and divided by ``UTF8Scale`` (1024 when absent) to give
degrees. :func:`decode_ring` is a line-by-line port of ``decodePolygon`` in ECharts 4's
``src/coord/geo/parseGeoJson.js``.

Rerun (shapely is needed for this one-off build only; it is not a project dependency)::

    cd /tmp && npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz package/map/json/province/shandong.json
    .venv/bin/pip install shapely    # pulls numpy as well
    .venv/bin/python resolute/web/dashboard/geo/build_shandong.py \\
        /tmp/package/map/json/province/shandong.json
    .venv/bin/pip uninstall -y shapely numpy

It writes ``resolute/web/dashboard/static/dashboard/shandong-2019.json``: plain GeoJSON,
16 features whose ``properties.name`` is the short city name of ``resolute.core.schema.CITIES``
(济南, 青岛 … 菏泽), coordinates rounded to 4 decimals.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "static" / "dashboard" / "shandong-2019.json"
ABSORBED, INTO = "莱芜", "济南"
DIGITS = 4

Ring = list[list[float]]


def decode_ring(encoded: str, offset: list[int], scale: float) -> Ring:
    """One ring of ECharts 4's UTF8Encoding (see the module docstring)."""
    x_prev, y_prev = offset
    ring: Ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)
        y = (y >> 1) ^ -(y & 1)
        x_prev, y_prev = x + x_prev, y + y_prev
        ring.append([x_prev / scale, y_prev / scale])
    return ring


def decode(data: dict[str, Any]) -> dict[str, Any]:
    """The whole FeatureCollection with plain coordinates (unchanged when not encoded)."""
    if not data.get("UTF8Encoding"):
        return data
    scale = float(data.get("UTF8Scale") or 1024)
    for feature in data["features"]:
        geometry = feature["geometry"]
        offsets = geometry.pop("encodeOffsets")
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [
                decode_ring(ring, offsets[i], scale)
                for i, ring in enumerate(geometry["coordinates"])
            ]
        else:  # MultiPolygon
            geometry["coordinates"] = [
                [decode_ring(ring, offsets[p][i], scale) for i, ring in enumerate(polygon)]
                for p, polygon in enumerate(geometry["coordinates"])
            ]
    data["UTF8Encoding"] = False
    return data


def short_name(name: str) -> str:
    return name[:-1] if name.endswith("市") else name


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def merge(data: dict[str, Any]) -> dict[str, Any]:
    """Union 莱芜 into 济南; short names; rounded coordinates; nothing else kept."""
    geometry_mod = importlib.import_module("shapely.geometry")
    by_name = {short_name(f["properties"]["name"]): f for f in data["features"]}
    absorbed = by_name.pop(ABSORBED)
    target = by_name[INTO]
    union = geometry_mod.shape(target["geometry"]).union(geometry_mod.shape(absorbed["geometry"]))
    if union.geom_type == "MultiPolygon":
        # Shared borders that do not match exactly leave hairline slivers: keep real parts.
        parts = [p for p in union.geoms if p.area > 1e-6]
        union = parts[0] if len(parts) == 1 else geometry_mod.MultiPolygon(parts)
    target["geometry"] = geometry_mod.mapping(union)
    features = []
    for name, feature in by_name.items():
        properties: dict[str, Any] = {"name": name}
        if "cp" in feature["properties"]:
            properties["cp"] = _rounded(feature["properties"]["cp"])
        geometry = {"type": feature["geometry"]["type"],
                    "coordinates": _rounded(feature["geometry"]["coordinates"])}  # fmt: skip
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = decode(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    result = merge(data)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(result['features'])} cities, {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
