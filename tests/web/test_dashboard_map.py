"""The map of Shandong: today's 16 cities (莱芜 in 济南), named as the ledger names them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from resolute.core.schema import CITIES

GEO = (
    Path(__file__).resolve().parents[2]
    / "resolute/web/dashboard/static/dashboard/shandong-2019.json"
)


def features() -> list[dict[str, Any]]:
    return json.loads(GEO.read_text(encoding="utf-8"))["features"]


def test_the_map_has_the_sixteen_cities_of_today() -> None:
    names = [f["properties"]["name"] for f in features()]
    assert len(names) == 16
    assert "济南" in names
    assert "莱芜" not in names
    assert set(names) == set(CITIES)


def test_the_map_is_plain_geojson_with_short_coordinates() -> None:
    for feature in features():
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert "encodeOffsets" not in feature["geometry"]
    jinan = next(f for f in features() if f["properties"]["name"] == "济南")
    ring = jinan["geometry"]["coordinates"][0]
    lon, lat = ring[0] if jinan["geometry"]["type"] == "Polygon" else ring[0][0]
    assert 114 < lon < 123 and 34 < lat < 39
    assert round(lon, 4) == lon


def test_the_dashboard_draws_the_map_and_links_each_city(client_for: Any) -> None:
    client = client_for("province")
    client.post("/assessments/", {})
    response = client.get("/dashboard/")
    assert "dashboard/shandong-2019.json" in response.content.decode()
    cities = {c["name"]: c for c in response.context["charts"]["map"]}
    assert set(cities) == set(CITIES)
    assert cities["淄博"]["value"] == 2
    assert cities["淄博"]["link"] == "/ledger/?city=%E6%B7%84%E5%8D%9A&outcome=eliminate"
    assert cities["淄博"]["progress"] == 0.0
    assert cities["济南"]["progress"] is None
