"""What every server process would otherwise load on its first request, loaded once when the
process starts (the WSGI module, resolute.web.wsgi, calls :func:`warm_up`): the URLconf with
every app's views and the API's schemas, the bundled policy versions and the data files
(through the cached loaders the pages use), and the templates of this project.

Nothing here reads the database: published policy versions are read on use (cached by id
and digest, resolute.web.policies.services). A file that cannot be loaded is logged and
left to the page that needs it, which says what is wrong as it would have without the
warm-up (and ``manage.py check`` refuses it, resolute.web.front.checks).
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.apps import apps
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

from resolute.core import policies
from resolute.core.datafile import DataFileError
from resolute.core.policies import PolicyError
from resolute.web.front.checks import DATA_FILES

log = logging.getLogger(__name__)


def templates() -> list[str]:
    """The names of this project's templates (``app/page.html`` …)."""
    found: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("resolute."):
            continue
        root = Path(config.path) / "templates"
        found.extend(p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html")))
    return found


def warm_up() -> None:
    """Import every view, read every bundled data file and compile every template now."""
    _ = get_resolver().url_patterns
    try:
        for dataset in policies.DATASETS:
            policies.bundled(dataset)
        for data_file in DATA_FILES:
            data_file.load()
    except (DataFileError, PolicyError):
        log.exception("a data file could not be loaded at start-up")
    for name in templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            log.exception("template %s could not be compiled at start-up", name)
