"""Every file a person downloads reads as Chinese, with figures as officials write them
(issue #13 points 1 and 3): the workbooks, CSV files and PDFs meant for officials,
enterprises and the public, generated for a small demo province as each role.

Every cell of every sheet and the text of every PDF page is read for English words, internal
codes (a rule's ``coal_power.technology.coal_304``, an outcome's ``steel_eliminated``, an
industry's ``steel``), file paths and login names; headers for money in 元 (tables give 万元
or 亿元, the unit in the header); workbook figures that are numbers without separators;
PDF figures without separators.

Out of scope: the interchange formats other systems read (the ledger workbook of
/work/shared/spec/ledger.md — its sheets 企业/生产线 keep their keys — the final report's JSON,
a policy version's YAML file, the JSON API), apart from the sheets of those workbooks that
people read (填表说明 and the like).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_LINES = 120
#: The demo's roles (load_demo) and the public (None).
ROLES = ("province", "industry", "zibo", "enterprise", None)

#: Latin words a Chinese official document writes as they are. Each with its reason:
ALLOWED_WORDS = {
    # units the plan and the national standards write in Latin letters (g/kWh, kgce/t)
    "kWh", "kgce", "tce",
    # the plan's own words, quoted in a target's wording (三、四: “占GDP比重”, “万华WANHUA”,
    # “IPTV”, “EDA”, “CPU”)
    "GDP", "WANHUA", "IPTV", "EDA", "CPU",
    # the program whose file goes with a document (“见本通报 Excel 版”), and the keys a
    # template's guide asks to press in it (“Alt+Enter 换行”)
    "Excel", "Alt", "Enter",
}  # fmt: skip
#: A run of Latin letters, digits and joiners: a word, or an identifier when it holds a digit
#: (a credit code 91370302MA5DATMA1J, a line 370523-CDU-0001, a checksum, GB/T 9704, SHA-256).
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")
#: A word of three or more Latin letters (a unit such as kW, MW or t is shorter).
WORD = re.compile(r"[A-Za-z]{3,}")
#: A dotted code (coal_power.technology.coal_304, cement.mill_3_2, resolute.core.words).
DOTTED = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b")
#: A snake_case key (steel_eliminated, exit_deadline).
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
#: A file path or a file name of the software's own (resolute/data/pricing.yaml, rules.toml).
PATH = re.compile(r"[A-Za-z_][\w.-]*/[\w.-]+/|\.(?:ya?ml|py|toml|json)\b")
#: A figure of five to twelve digits without separators in a document (not part of a code:
#: a line's ZB-BF-00012, a division code next to letters or dashes; a longer run of digits is
#: a credit code).
BARE_FIGURE = re.compile(r"(?<![\w.,/-])\d{5,12}(?:\.\d+)?(?![\w.,/-])")
#: Money in 元 in a document where the tables give 万元 (a rate per unit, 元/千瓦时, is 元).
YUAN = re.compile(r"\d\s*元(?!/)")
#: Words in a header for money that is not in 万元 or 亿元 (a rate per unit is 元/…).
YUAN_HEADER = re.compile(r"(?<![万亿])元(?!/)")
#: Headers of money in 元 on purpose, each with its reason.
YUAN_HEADERS_ALLOWED = {
    # what the grid company or the water utility bills one enterprise, to the fen, as the
    # surcharges page lists it (the sums are in 万元)
    "加价金额（元）",
}

#: Headers of columns whose whole numbers are years, numbers in a series or codes.
PLAIN_COLUMNS = ("年度", "年份", "期号", "序号", "行号", "代码", "编号", "名次", "排名", "年")

#: Exports with problems known and not yet fixed, each with its reason (none today): their
#: problems are reported, not failed on.
KNOWN: dict[str, str] = {}


@dataclass
class Export:
    name: str
    url: str
    #: Sheets of an interchange workbook that other systems read by their keys (skipped).
    contract_sheets: tuple[str, ...] = ()


def exports(ctx: dict[str, Any]) -> list[Export]:
    """Every download meant for people, with the objects the demo made for it."""
    run, quarter, draft, scenario = ctx["run"], ctx["quarter"], ctx["draft"], ctx["scenario"]
    today = dt.date.today().isoformat()
    return [
        Export("评估结果", reverse("assessments-run-export", args=[run])),
        Export("淘汰名单", reverse("assessments-eliminations") + "?format=xlsx"),
        Export("台账列表", reverse("ledger-line-export")),
        Export("台账模板", reverse("imports-template"), ("企业", "生产线", "enterprises", "lines")),
        Export("本范围台账", reverse("imports-scope-export"), ("企业", "生产线")),
        Export("计划模板", reverse("supervision-plan-template")),
        Export("指标填报模板", reverse("targets-indicator-template")),
        Export("计数目标登记模板", reverse("targets-registry-template")),
        Export("季度调度模板", reverse("supervision-quarter-template")),
        Export("季度调度报告", reverse("supervision-quarter-export")),
        Export("重点项目模板", reverse("targets-project-template")),
        Export("重点项目", reverse("targets-project-export")),
        Export("计数目标登记册", reverse("targets-registry") + "?format=xlsx"),
        Export("逐条任务", reverse("targets-obligations") + "?format=xlsx"),
        Export("季度通报 PDF", reverse("supervision-bulletin-file", args=[quarter, "pdf"])),
        Export("季度通报 Excel", reverse("supervision-bulletin-file", args=[quarter, "xlsx"])),
        Export("总结报告 PDF", reverse("supervision-final-report-file", args=["pdf"])),
        Export("总结报告 Excel", reverse("supervision-final-report-file", args=["xlsx"])),
        Export("价格加价", reverse("pricing-surcharges") + "?format=xlsx"),
        Export("电价加价 CSV", reverse("pricing-surcharges") + "?format=csv&utility=grid"),
        Export("水价加价 CSV", reverse("pricing-surcharges") + "?format=csv&utility=water"),
        Export("亩产效益分类", reverse("pricing-classes") + "?format=xlsx"),
        Export("信用公示", reverse("replacement-credit-public") + "?format=xlsx"),
        Export("信用审核", reverse("replacement-credit-review") + "?format=xlsx"),
        Export("信用记录", reverse("replacement-credit-export") + f"?as_of={today}"),
        Export("修订对照表 Excel", reverse("policies-table-xlsx", args=[draft])),
        Export("修订对照表 PDF", reverse("policies-table-pdf", args=[draft])),
        Export("政策推演", reverse("dashboard-scenario-export", args=[scenario])),
    ]


#: Addresses of downloads that :func:`exports` leaves out on purpose: interchange formats.
CONTRACTS = {"policies-export"}  # a policy version's YAML data file


# ─── the demo province and its documents ────────────────────────────────────────────


@pytest.fixture
def demo(db: Any, settings: Any) -> dict[str, Any]:
    from resolute.web.assessments.models import AssessmentRun
    from resolute.web.bulletins.models import IssuedBulletin
    from resolute.web.policies.models import PolicyVersion
    from resolute.web.whatif.models import Scenario

    if not apps.get_model("ledger", "City").objects.exists():
        importlib.import_module("resolute.web.ledger.migrations.0002_cities").load(apps, None)
    call_command("load_demo", lines=DEMO_LINES, seed=1, verbosity=0)
    # Every export in the request, none as a background job, so each is read here.
    settings.RESOLUTE_EXPORT_INLINE_ROWS = 10**6
    province = signed_in("province")
    issued = province.post(reverse("supervision-bulletin-issue"), {"quarter": "2022Q4"})
    assert issued.status_code == 302, issued
    assert IssuedBulletin.objects.filter(quarter="2022Q4").exists()
    province.post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    draft = PolicyVersion.objects.get(label="2023.1")
    from policy_drafts import FURNACE_RULE, post_entry

    post_entry(province, draft, FURNACE_RULE, {"阈值": "350"})
    province.post("/dashboard/whatif/", {f"rule__{FURNACE_RULE}": "2000", "name": "高炉 2000",
                                         "save": "1"})  # fmt: skip
    return {
        "run": AssessmentRun.objects.filter(status="done").latest("pk").pk,
        "quarter": "2022Q4",
        "draft": draft.pk,
        "scenario": Scenario.objects.latest("pk").pk,
    }


def signed_in(username: str | None) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def download(client: Client, url: str) -> tuple[int, str, str, bytes]:
    """Status, content type, file name and body of a download; a job's file when it became
    a job."""
    response = client.get(url)
    if response.status_code == 302 and "/jobs/" in response["Location"]:
        job = re.search(r"/jobs/(\d+)/", response["Location"])
        assert job is not None
        response = client.get(reverse("jobs-file", args=[int(job.group(1)), 1]))
    if response.status_code != 200:
        return response.status_code, "", "", b""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    name = unquote(response.get("Content-Disposition", "").partition("filename*=UTF-8''")[2])
    return 200, response["Content-Type"], name, body


# ─── reading what a person reads ─────────────────────────────────────────────────────


def text_problems(text: str) -> Iterator[str]:
    """English words, codes and paths in one piece of text."""
    for token in TOKEN.findall(text):
        if any(c.isdigit() for c in token):
            continue  # an identifier
        for word in WORD.findall(token):
            if word not in ALLOWED_WORDS:
                yield f"英文“{word}”"
    for pattern, what in ((DOTTED, "内部代码"), (SNAKE, "内部代码"), (PATH, "文件路径")):
        for match in pattern.findall(text):
            yield f"{what}“{match}”"


def workbook_problems(body: bytes, contract_sheets: tuple[str, ...]) -> Iterator[str]:
    wb = load_workbook(io.BytesIO(body))
    for ws in wb.worksheets:
        yield from (f"工作表名 {p}" for p in text_problems(ws.title))
        if ws.title in contract_sheets:
            continue
        headers: dict[int, str] = {}
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                where = f"{ws.title}!{cell.coordinate}"
                if cell.row == 1 and isinstance(value, str):
                    headers[cell.column] = value
                    if YUAN_HEADER.search(value) and value not in YUAN_HEADERS_ALLOWED:
                        yield f"{where} 表头“{value}”：金额应以万元或亿元计"
                plain = any(w in headers.get(cell.column, "") for w in PLAIN_COLUMNS)
                if isinstance(value, str):
                    yield from (f"{where} {p}（“{value[:40]}”）" for p in text_problems(value))
                elif (isinstance(value, int | float) and not isinstance(value, bool)
                      and cell.number_format == "General" and abs(value) >= 1000
                      and not plain):  # fmt: skip
                    yield f"{where} 数字 {value} 没有千分位格式"


def pdf_problems(body: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(io.BytesIO(body)).pages, start=1):
        text = page.extract_text() or ""
        for problem in sorted(set(text_problems(text))):
            yield f"第 {number} 页 {problem}"
        for figure in sorted(set(BARE_FIGURE.findall(text))):
            yield f"第 {number} 页 数字 {figure} 没有千分位"
        for match in sorted(set(YUAN.findall(text))):
            yield f"第 {number} 页 金额以元计（“{match}”）"


def csv_problems(body: bytes) -> Iterator[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if r == 1 and YUAN_HEADER.search(value) and value not in YUAN_HEADERS_ALLOWED:
                yield f"第 1 行第 {c} 列 表头“{value}”：金额应以万元或亿元计"
            yield from (f"第 {r} 行第 {c} 列 {p}" for p in text_problems(value))


def problems_of(export: Export, content_type: str, body: bytes) -> list[str]:
    if content_type.startswith("application/pdf"):
        found = pdf_problems(body)
    elif content_type.startswith("text/csv"):
        found = csv_problems(body)
    else:
        found = workbook_problems(body, export.contract_sheets)
    return sorted(set(found))


# ─── the tests ──────────────────────────────────────────────────────────────────────


def test_the_checks_find_what_they_are_for() -> None:
    """The checks catch each kind of problem and pass what an official writes."""
    assert list(text_problems("淘汰退出（coal_power.technology.coal_304）")) != []
    assert list(text_problems("steel_eliminated")) != []
    assert list(text_problems("见 resolute/data/pricing.yaml")) != []
    assert list(text_problems("发起人：province")) != []
    assert list(text_problems("钢铁 steel")) != []
    clean = "炼铁高炉 有效容积 ≤ 400 立方米（GB/T 9704，DB37/T 1234—2021），12,065.07 万千瓦时"
    assert list(text_problems(clean + " 单机容量 300 MW，供电煤耗 310 g/kWh")) == []
    assert BARE_FIGURE.findall("合计 185377947 万元") == ["185377947"]
    assert BARE_FIGURE.findall("ZB-BF-00012 913703001234567890 185,377.95") == []
    assert YUAN.findall("加价 1,234 元") and not YUAN.findall("1,234 万元 0.3 元/千瓦时")


@pytest.mark.slow
def test_every_export_reads_chinese_with_official_figures(demo: dict[str, Any]) -> None:
    findings: dict[str, dict[str, list[str]]] = {}
    opened: dict[str, list[str]] = {}
    for role in ROLES:
        client = signed_in(role)
        for export in exports(demo):
            status, content_type, name, body = download(client, export.url)
            if status != 200:
                continue  # not this role's to download (403, 404 or the sign-in page)
            if content_type.startswith("text/html"):
                continue  # a page instead of the file: not this role's
            opened.setdefault(export.name, []).append(role or "未登录")
            problems = problems_of(export, content_type, body)
            problems += [f"文件名“{name}” {p}" for p in text_problems(name.rpartition(".")[0])]
            for problem in problems:
                who = findings.setdefault(export.name, {}).setdefault(problem, [])
                who.append(role or "未登录")
    missed = [e.name for e in exports(demo) if e.name not in opened]
    assert missed == [], f"没有任何角色能下载：{missed}"
    unexpected = {name: found for name, found in findings.items() if name not in KNOWN}
    report = "\n".join(
        f"{name}：\n  " + "\n  ".join(f"{p}（{'、'.join(who)}）" for p, who in found.items())
        for name, found in unexpected.items()
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    read = "\n".join(f"{name}：{'、'.join(roles)}" for name, roles in opened.items())
    (ARTIFACTS / "exports-read-chinese.txt").write_text(f"{read}\n\n{report}", encoding="utf-8")
    assert unexpected == {}, report[:20_000]


def test_every_download_address_is_checked_or_a_contract() -> None:
    """A new download address is added to :func:`exports` (or named a contract)."""
    from django.urls import get_resolver

    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    downloads = {n for n in names if re.search(r"-(export|template|file|table-xlsx|table-pdf)$", n)}
    checked = {"assessments-run-export", "ledger-line-export", "imports-template",
               "imports-scope-export", "supervision-plan-template", "targets-indicator-template",
               "targets-registry-template", "supervision-quarter-template",
               "supervision-quarter-export", "targets-project-template", "targets-project-export",
               "supervision-bulletin-file",
               "supervision-final-report-file", "replacement-credit-export",
               "policies-table-xlsx", "policies-table-pdf", "dashboard-scenario-export",
               "jobs-file"}  # fmt: skip
    assert downloads - checked - CONTRACTS == set()
