"""One way for list pages: 50 rows a page, sorting by whitelisted columns, filters kept in
every link, totals over the whole filtered set, and an export of the whole filtered set.

A view filters its queryset (from the user's scope and the page's form), then::

    found = listing.listing(request, rows, COLUMNS, default="deadline", totals={...})

and its template includes ``computed/_sort_header.html`` (the table's head, each sortable
header a link with an arrow) and ``computed/_pager.html``. ``?sort=col`` sorts ascending,
``?sort=-col`` descending; an unknown column falls back to the default. Ties end in the
primary key, so a page boundary never repeats or skips a row.

Exports: a function ``workbook(user, query) -> (file name, sheets)`` marked with
:func:`workbook` writes the whole filtered (and sorted) set; :func:`export` runs it in the
request for a set up to ``RESOLUTE_EXPORT_INLINE_ROWS`` rows and as a background job
(``list-export``, with progress, its file kept on the job's page) past that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Aggregate, F, OrderBy, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.module_loading import import_string

from resolute.web.lib.export import XLSX_CONTENT_TYPE, Sheet, workbook_bytes, xlsx_response

PER_PAGE = 50
EXPORT_KIND = "list-export"
UP, DOWN = "▲", "▼"

Workbook = Callable[[Any, QueryDict], tuple[str, list[Sheet]]]


@dataclass(frozen=True)
class Column:
    """A column of a list: its ``?sort=`` name, its header, the fields it sorts by (none: not
    sortable) and its CSS class (``num`` for figures)."""

    key: str
    label: str
    order: tuple[str, ...] = ()
    css: str = ""


@dataclass(frozen=True)
class Header:
    label: str
    css: str
    url: str
    arrow: str
    #: "ascending"/"descending" on the column sorted by, for assistive technology.
    aria_sort: str


@dataclass
class Listing:
    page: Page
    headers: list[Header]
    sort: str
    #: The filters and the sort, without the page number (for links and the export).
    query: str
    totals: dict[str, Any] = field(default_factory=dict)
    #: Before ``page`` and ``sort`` in the query, for a second list on the same page.
    prefix: str = ""

    @property
    def count(self) -> int:
        return int(self.page.paginator.count)

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    def page_url(self, number: int) -> str:
        name = f"{self.prefix}page"
        return f"?{self.query}&{name}={number}" if self.query else f"?{name}={number}"

    @property
    def first_url(self) -> str:
        return self.page_url(1)

    @property
    def last_url(self) -> str:
        return self.page_url(self.page.paginator.num_pages)

    @property
    def previous_url(self) -> str:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def export_url(self) -> str:
        return f"?{self.query}&format=xlsx" if self.query else "?format=xlsx"


def sort_key(query: Mapping[str, Any], columns: Sequence[Column], default: str,
             prefix: str = "") -> str:  # fmt: skip
    """The asked sort (``col`` or ``-col``) when it names a sortable column, else ``default``."""
    asked = str(query.get(f"{prefix}sort") or "")
    sortable = {c.key for c in columns if c.order}
    return asked if asked.lstrip("-") in sortable else default


def ordered(rows: QuerySet[Any], columns: Sequence[Column], sort: str) -> QuerySet[Any]:
    """``rows`` sorted by the column ``sort`` names (blanks last either way), then by pk."""
    descending = sort.startswith("-")
    column = next((c for c in columns if c.key == sort.lstrip("-")), None)
    terms: list[OrderBy] = []
    for name in column.order if column else ():
        expr = F(name)
        terms.append(expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True))
    return rows.order_by(*terms, "-pk" if descending else "pk")


def _headers(query: QueryDict, columns: Sequence[Column], sort: str,
             prefix: str = "") -> list[Header]:  # fmt: skip
    found = []
    for column in columns:
        if not column.order:
            found.append(Header(column.label, column.css, "", "", ""))
            continue
        active = sort.lstrip("-") == column.key
        descending = active and sort.startswith("-")
        link = query.copy()
        link.pop(f"{prefix}page", None)
        link[f"{prefix}sort"] = column.key if (not active or descending) else f"-{column.key}"
        arrow = (DOWN if descending else UP) if active else ""
        aria = ("descending" if descending else "ascending") if active else ""
        found.append(Header(column.label, column.css, f"?{link.urlencode()}", arrow, aria))
    return found


def listing(request: HttpRequest, rows: QuerySet[Any], columns: Sequence[Column], default: str,
            totals: Mapping[str, Aggregate] | None = None, per_page: int = PER_PAGE,
            prefix: str = "") -> Listing:  # fmt: skip
    """The page of ``rows`` the request asks for, sorted as asked, with the totals of the
    whole (filtered) set. A second list on a page takes a ``prefix`` for its parameters
    (``{prefix}page``, ``{prefix}sort``); each list's links keep the other's."""
    sort = sort_key(request.GET, columns, default, prefix)
    figures = dict(rows.order_by().aggregate(**totals)) if totals else {}
    page = Paginator(ordered(rows, columns, sort), per_page).get_page(
        request.GET.get(f"{prefix}page"))  # fmt: skip
    kept = request.GET.copy()
    for name in (f"{prefix}page", "format"):
        kept.pop(name, None)
    return Listing(page, _headers(kept, columns, sort, prefix), sort, kept.urlencode(), figures,
                   prefix)  # fmt: skip


# ─── exports ──────────────────────────────────────────────────────────────────────


def workbook(function: Workbook) -> Workbook:
    """Mark ``function`` as an export a job may run (a job names it by its dotted path)."""
    function.listing_workbook = True  # type: ignore[attr-defined]
    return function


def _workbook_at(path: str) -> Workbook:
    function = import_string(path)
    if not getattr(function, "listing_workbook", False):
        raise ValueError(f"{path} is not a list export")
    return function


def export(request: HttpRequest, function: Workbook, count: int, title: str) -> HttpResponse:
    """The whole filtered set as a workbook: written now up to RESOLUTE_EXPORT_INLINE_ROWS
    rows, else by a background job whose page the user is sent to."""
    path = f"{function.__module__}.{function.__qualname__}"
    _workbook_at(path)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    if count > settings.RESOLUTE_EXPORT_INLINE_ROWS:
        from resolute.web.jobs import services as jobs

        job = jobs.submit(request.user, EXPORT_KIND, f"{title}（{count:,} 条）",
                          {"workbook": path, "query": query.urlencode()})  # fmt: skip
        return redirect("jobs-detail", pk=job.pk)
    filename, sheets = function(request.user, query)
    return xlsx_response(filename, sheets)


def export_job(job: Any, progress: Callable[[str, int, int], None]) -> Any:
    """The ``list-export`` job: the workbook its page would have written in the request."""
    from resolute.web.jobs.kinds import Done, Output

    progress("读取数据", 0, 2)
    filename, sheets = _workbook_at(job.params["workbook"])(job.user,
                                                            QueryDict(job.params.get("query", "")))  # fmt: skip
    progress("写入 Excel", 1, 2)
    content = workbook_bytes(sheets)
    return Done([Output(filename, content, XLSX_CONTENT_TYPE)])
