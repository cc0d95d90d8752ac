"""Quarterly bulletins (季通报, 五(四)): built from the stored ledger, issued and frozen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from resolute.core import plan_period
from resolute.core.bulletin import (
    Bulletin,
    Issue,
    Quarter,
    QuarterError,
    build_bulletin,
    bulletin_json,
    content_hash,
)
from resolute.io import bulletin as bulletin_io
from resolute.web.bulletins.models import IssuedBulletin
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise
from resolute.web.policies import services as policy_services

# ─── quarterly bulletins ──────────────────────────────────────────────────────


class BulletinRefused(Exception):
    """A bulletin that cannot be issued, with the reason in Chinese."""


def build_current(quarter: Quarter) -> Bulletin:
    """The bulletin of ``quarter`` from the whole stored ledger as it is now (as the CLI
    builds it from a ledger file: no previous quarter for comparison), with the targets in
    force on the quarter's last day (the bulletin's content records their version)."""
    book = policy_services.in_force(quarter.end).targets
    return build_bulletin(ledger_for(Enterprise.objects.all()), quarter, book=book)


def issuable_quarters(today: dt.date) -> list[str]:
    """The plan's ended quarters (2021Q2–2024Q4 by the bundled targets; by the targets in
    force today) that have no bulletin yet, latest first."""
    issued = set(IssuedBulletin.objects.values_list("quarter", flat=True))
    ended = plan_period.ended_quarters(policy_services.in_force(today).targets, today)
    return [str(q) for q in ended if str(q) not in issued]


#: How many times a bulletin is rendered again when another took its 期号 meanwhile.
NUMBER_ATTEMPTS = 3


def next_issue_number(year: int) -> int:
    """The 期号 the next bulletin issued in ``year`` gets: one more than the last."""
    found = IssuedBulletin.objects.filter(issue_year=year).aggregate(last=Max("issue_number"))
    return int(found["last"] or 0) + 1


def check_issuable(text: str, today: dt.date) -> Quarter:
    """The quarter of ``text`` if its bulletin may be issued today, else BulletinRefused
    (the page checks before it queues the work, the work again when it runs)."""
    try:
        quarter = Quarter.parse(text)
    except QuarterError as exc:
        raise BulletinRefused(str(exc)) from exc
    book = policy_services.in_force(today).targets
    if not plan_period.in_plan(book, quarter):
        first, last = plan_period.first_quarter(book), plan_period.last_quarter(book)
        raise BulletinRefused(f"季度通报的范围是 {first}—{last}（方案实施期及水泥熟料生产线的最后期限）；"
                              "此后请生成方案实施情况总结报告")  # fmt: skip
    if quarter.end >= today:
        raise BulletinRefused(f"{quarter.label}尚未结束，不能签发通报")
    if IssuedBulletin.objects.filter(quarter=str(quarter)).exists():
        raise BulletinRefused(f"{quarter.label}的通报已经签发，不能重复签发")
    return quarter


def issue_bulletin(text: str, user: Any, today: dt.date) -> IssuedBulletin:
    """Build, render and freeze the bulletin of a quarter that has ended; refused when the
    quarter is not over, is before the plan, or has a bulletin already.

    The bulletin is issued on ``today`` under the next 期号 of that year, stored with it: the
    number is given once (unique per year), and a bulletin that lost its number to another
    issued at the same moment is numbered and rendered again.
    """
    quarter = check_issuable(text, today)
    b = build_current(quarter)
    digest = content_hash(b)
    for _ in range(NUMBER_ATTEMPTS):
        issue = Issue(number=next_issue_number(today.year), issued_on=today)
        issued = _render(b, digest, issue, user)
        try:
            with transaction.atomic():
                issued.save()
            return issued
        except IntegrityError as exc:
            issued.pdf.delete(save=False)
            issued.xlsx.delete(save=False)
            if IssuedBulletin.objects.filter(quarter=str(quarter)).exists():
                # Issued by someone else meanwhile.
                raise BulletinRefused(f"{quarter.label}的通报已经签发，不能重复签发") from exc
            # Another quarter's bulletin took this 期号 meanwhile: number and render again.
    raise BulletinRefused(f"{today.year}年的期号被同时签发的其他通报占用，请稍后重试")


def _render(b: Bulletin, digest: str, issue: Issue, user: Any) -> IssuedBulletin:
    """The bulletin's page, PDF and workbook under ``issue``, not yet saved."""
    html = bulletin_io.render_html(b, digest, issue)
    try:
        # The printed bulletin: overdue lines counted by city, the full list in the annex.
        pdf = bulletin_io.pdf_bytes(b, digest=digest, issue=issue)
    except bulletin_io.FontMissing as exc:
        raise BulletinRefused(str(exc)) from exc
    quarter = b.quarter
    issued = IssuedBulletin(quarter=str(quarter), content=bulletin_json(b), content_hash=digest,
                            html=html, issued_by=user, issue_year=issue.year,
                            issue_number=issue.number, issued_on=issue.issued_on)  # fmt: skip
    issued.pdf.save(f"{quarter}.pdf", ContentFile(pdf), save=False)
    issued.xlsx.save(f"{quarter}.xlsx", ContentFile(bulletin_io.xlsx_bytes(b, digest, issue)),
                     save=False)  # fmt: skip
    return issued
