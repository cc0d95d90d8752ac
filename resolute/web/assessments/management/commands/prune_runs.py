"""``manage.py prune_runs [--keep N]``: delete superseded unpublished runs in every scope."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import prune_runs


class Command(BaseCommand):
    help = (
        "删除各评估范围中被取代的未公开评估及其结果：保留已公开的、进行中的、异议所涉的，"
        "以及每个范围最近的 N 次（缺省为 RESOLUTE_KEEP_UNPUBLISHED_RUNS）。每次发起评估时"
        "也会对该范围这样做。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--keep", type=int, default=None,
                            help="每个范围保留的未公开评估数")  # fmt: skip

    def handle(self, *args: Any, keep: int | None, **options: Any) -> None:
        keep = settings.RESOLUTE_KEEP_UNPUBLISHED_RUNS if keep is None else max(keep, 0)
        scopes = AssessmentRun.objects.values_list("scope_city_id", "scope_industry").distinct()
        deleted = sum(prune_runs(city, industry, keep) for city, industry in set(scopes))
        self.stdout.write(f"已删除 {deleted} 次被取代的未公开评估（每个范围保留最近 {keep} 次）")
