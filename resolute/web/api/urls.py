"""``/api/``: the django-ninja API, with its OpenAPI page at ``docs`` and schema at
``openapi.json``."""

from django.urls import path

from resolute.web.api.views import api

urlpatterns = [path("", api.urls)]
