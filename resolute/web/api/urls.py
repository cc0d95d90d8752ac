"""``/api/``: the django-ninja API, with its OpenAPI page at ``docs`` and schema at
``openapi.json``. Any other address under ``/api/`` answers a JSON 404 in the API's one error
shape (a path parameter holding ``/`` matches no operation), not the site's HTML page."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from resolute.web.api.errors import ERROR_DESCRIPTIONS
from resolute.web.api.views import api


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"detail": ERROR_DESCRIPTIONS[404]}, status=404,
                        json_dumps_params={"ensure_ascii": False})  # fmt: skip


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
