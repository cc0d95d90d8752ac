"""This app's endpoints, mounted on the project's API (resolute/web/api/views.py).

The same computations as the pages, with the same scope; the JSON is the core's contract
(what ``resolute surcharges`` and ``resolute classes`` write).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from resolute.core import classes, pricing
from resolute.web.pricing import services

router = Router()


def _check(request: HttpRequest) -> None:
    if not services.may_view(request.user):
        raise HttpError(403, "您的账号尚未分配角色，不能查看价格和分类")


@router.get("/surcharges", response=dict[str, Any], summary="差别电价与超定额水价加价（按范围）")
def surcharges(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """Each enterprise's electricity and water surcharge in the caller's scope, with the
    rule and findings behind it, and totals by city and industry. Unknown amounts are null."""
    _check(request)
    if year is not None and not 2000 <= year <= 2100:
        raise HttpError(422, "year 应为 2000—2100 之间的年度")
    return pricing.to_json(services.surcharges_for(request.user, year, timezone.localdate()))


@router.get("/classes", response=dict[str, Any], summary="亩产效益分类（按范围）")
def classes_list(request: HttpRequest, published: dt.date | None = None) -> dict[str, Any]:
    """The province's efficiency classification, limited to the caller's enterprises; with
    ``published``, the appeal deadline."""
    _check(request)
    return classes.to_json(services.classes_for(request.user, published))
