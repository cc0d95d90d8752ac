"""WSGI entry point: ``gunicorn resolute.web.wsgi``.

Each server process loads what its first request would otherwise load (the views, the data
files, the templates: resolute.web.front.startup) before it takes requests."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.web.settings")
application = get_wsgi_application()

from resolute.web.front.startup import warm_up  # noqa: E402  (needs the apps set up)

warm_up()
