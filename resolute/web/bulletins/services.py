"""Quarterly bulletins (季通报, 五(四)): built from the stored ledger, issued and frozen."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from resolute.core import plan_period
from resolute.core import targets as targets_data
from resolute.core.bulletin import (
    Bulletin,
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

# ─── quarterly bulletins ──────────────────────────────────────────────────────


class BulletinRefused(Exception):
    """A bulletin that cannot be issued, with the reason in Chinese."""


def build_current(quarter: Quarter) -> Bulletin:
    """The bulletin of ``quarter`` from the whole stored ledger as it is now (as the CLI
    builds it from a ledger file: no previous quarter for comparison)."""
    return build_bulletin(ledger_for(Enterprise.objects.all()), quarter)


def issuable_quarters(today: dt.date) -> list[str]:
    """The plan's ended quarters (2021Q2–2024Q4) that have no bulletin yet, latest first."""
    issued = set(IssuedBulletin.objects.values_list("quarter", flat=True))
    ended = plan_period.ended_quarters(targets_data.default(), today)
    return [str(q) for q in ended if str(q) not in issued]


def _xlsx_bytes(b: Bulletin) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bulletin.xlsx"
        bulletin_io.write_xlsx(b, path)
        return path.read_bytes()


def check_issuable(text: str, today: dt.date) -> Quarter:
    """The quarter of ``text`` if its bulletin may be issued today, else BulletinRefused
    (the page checks before it queues the work, the work again when it runs)."""
    try:
        quarter = Quarter.parse(text)
    except QuarterError as exc:
        raise BulletinRefused(str(exc)) from exc
    book = targets_data.default()
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
    quarter is not over, is before the plan, or has a bulletin already."""
    quarter = check_issuable(text, today)
    b = build_current(quarter)
    digest = content_hash(b)
    html = bulletin_io.render_html(b, digest)
    try:
        # The printed bulletin: overdue lines counted by city, the full list in the annex.
        pdf = bulletin_io.pdf_bytes(b, digest=digest)
    except bulletin_io.FontMissing as exc:
        raise BulletinRefused(str(exc)) from exc
    issued = IssuedBulletin(quarter=str(quarter), content=bulletin_json(b), content_hash=digest,
                            html=html, issued_by=user)  # fmt: skip
    issued.pdf.save(f"{quarter}.pdf", ContentFile(pdf), save=False)
    issued.xlsx.save(f"{quarter}.xlsx", ContentFile(_xlsx_bytes(b)), save=False)
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError as exc:  # issued by someone else meanwhile
        raise BulletinRefused(f"{quarter.label}的通报已经签发，不能重复签发") from exc
    return issued
