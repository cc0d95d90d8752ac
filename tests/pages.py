"""Pages read as structure, for tests that mean a table row, a fact or a link target.

A substring found anywhere in a page says little (“380” may be a value, a count or part of an
identifier); these helpers parse the HTML (the standard library's parser, no dependency) and
let a test say which row, which column, which link it means::

    rows = table_rows(parse(html))                 # one dict per body row: header → Cell
    row = row_where(rows, "生产线", "ZB-CL-1")
    assert row["产能"].text == "2500 吨/日"
    assert row["企业名称"].href == "/ledger/enterprises/…/"
    assert facts(parse(html))["公称容量"] == "未知"
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip
#: Elements whose start implicitly closes an open one of the same kind (HTML's optional ends).
SELF_CLOSING_SIBLINGS = {"p": {"p"}, "li": {"li"}, "tr": {"tr"}, "td": {"td", "th"},
                         "th": {"td", "th"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
                         "option": {"option"}}  # fmt: skip


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed as a browser shows it."""
        return re.sub(r"\s+", " ", "".join(self._texts())).strip()

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag == "br":
                yield " "
            else:
                yield from child._texts()

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    def find_all(self, tag: str, *, id: str | None = None, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter(tag)
                if (id is None or e.attrs.get("id") == id) and (cls is None or cls in e.classes)]  # fmt: skip

    def find(self, tag: str, *, id: str | None = None, cls: str | None = None) -> Element:
        """The first such element; the test fails when there is none."""
        found = self.find_all(tag, id=id, cls=cls)
        assert found, f"no <{tag}> with id={id!r} class={cls!r}"
        return found[0]

    def links(self) -> dict[str, str]:
        """Link text → target of every link inside."""
        return {a.text: a.attrs.get("href", "") for a in self.iter("a")}


@dataclass
class Cell:
    """One table cell: its text, the target of its (first) link, its classes."""

    element: Element

    @property
    def text(self) -> str:
        return self.element.text

    @property
    def href(self) -> str | None:
        links = self.element.find_all("a")
        return links[0].attrs.get("href") if links else None

    @property
    def classes(self) -> set[str]:
        return self.element.classes


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        closes = SELF_CLOSING_SIBLINGS.get(tag)
        if closes and self.stack[-1].tag in closes:
            self.stack.pop()
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def table_rows(root: Element, *, id: str | None = None, cls: str | None = None,
               index: int = 0, after: str | None = None) -> list[dict[str, Cell]]:  # fmt: skip
    """The body rows of a table as header text → cell: the ``index``-th table with that id
    or class, or the first table after the heading that starts with ``after``. A cell that
    spans rows (``rowspan``) stands in each row it spans."""
    if after is not None:
        table = _table_after(root, after)
    else:
        tables = root.find_all("table", id=id, cls=cls)
        assert len(tables) > index, f"no table #{index} with id={id!r} class={cls!r}"
        table = tables[index]
    headers = [th.text for th in table.find("thead").iter("th")] if table.find_all("thead") else []
    rows = []
    spans: dict[int, tuple[Cell, int]] = {}  # column → the cell spanning down, rows left
    for body in table.find_all("tbody") or [table]:
        for tr in body.iter("tr"):
            own = [Cell(c) for c in tr.children if isinstance(c, Element) and c.tag in ("td", "th")]
            cells: list[Cell] = []
            while own or any(i >= len(cells) for i in spans):
                if len(cells) in spans:
                    cell, left = spans.pop(len(cells))
                    if left > 1:
                        spans[len(cells)] = (cell, left - 1)
                    cells.append(cell)
                elif own:
                    cell = own.pop(0)
                    span = int(cell.element.attrs.get("rowspan", "1") or 1)
                    if span > 1:
                        spans[len(cells)] = (cell, span - 1)
                    cells.append(cell)
                else:
                    break
            if cells and headers:
                rows.append(dict(zip(headers, cells, strict=False)))
    return rows


def _table_after(root: Element, heading: str) -> Element:
    seen = False
    for element in root.iter():
        if element.tag in ("h1", "h2", "h3", "h4") and element.text.startswith(heading):
            seen = True
        elif seen and element.tag == "table":
            return element
    raise AssertionError(f"no table after a heading “{heading}…”")


def column(rows: list[dict[str, Cell]], header: str) -> list[str]:
    """The texts of one column, top to bottom."""
    return [row[header].text for row in rows]


def row_where(rows: list[dict[str, Cell]], header: str, text: str) -> dict[str, Cell]:
    """The one row whose ``header`` column reads ``text``."""
    found = [row for row in rows if row[header].text == text]
    assert len(found) == 1, f"{len(found)} rows with {header} = {text!r}: {column(rows, header)}"
    return found[0]


def fact_elements(root: Element, *, cls: str = "facts") -> dict[str, Element]:
    """Every ``<dl class="facts">`` below ``root`` as term → its ``<dd>``."""
    out: dict[str, Element] = {}
    for dl in root.find_all("dl", cls=cls):
        term = None
        for child in dl.children:
            if isinstance(child, Element) and child.tag == "dt":
                term = child.text
            elif isinstance(child, Element) and child.tag == "dd" and term is not None:
                out[term] = child
    return out


def facts(root: Element, *, cls: str = "facts") -> dict[str, str]:
    """Every ``<dl class="facts">`` below ``root`` as term → description text."""
    return {term: dd.text for term, dd in fact_elements(root, cls=cls).items()}
