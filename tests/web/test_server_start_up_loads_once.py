"""A server process loads what its first request would otherwise load — the views and the
API's schemas, the bundled policy versions, the data files, the templates — when it starts
(resolute.web.wsgi calls front.startup.warm_up), without reading the database."""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from resolute.core import policies, rulebook, targets
from resolute.web.front import startup


def test_warm_up_loads_the_data_files_and_templates_without_the_database(db: Any) -> None:
    targets.default.cache_clear()
    rulebook.default.cache_clear()
    policies._BUNDLED_CACHE.clear()
    with CaptureQueriesContext(connection) as queries:
        startup.warm_up()
    assert not queries.captured_queries
    assert targets.default.cache_info().currsize == rulebook.default.cache_info().currsize == 1
    assert set(policies._BUNDLED_CACHE) == set(policies.DATASETS)
    loader = engines["django"].engine.template_loaders[0]
    compiled = {key.split(":")[0] for key in loader.get_template_cache}
    assert {"dashboard/dashboard.html", "pricing/surcharges.html"} <= compiled
    assert len(startup.templates()) == len(set(startup.templates())) > 50


def test_the_wsgi_module_warms_up_before_it_serves(monkeypatch: Any) -> None:
    calls: list[int] = []
    monkeypatch.setattr(startup, "warm_up", lambda: calls.append(1))
    import resolute.web.wsgi as wsgi  # the first import in this process warms up too

    calls.clear()
    importlib.reload(wsgi)
    assert calls == [1]
