"""WSGI entry point: ``gunicorn resolute.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.web.settings")
application = get_wsgi_application()
