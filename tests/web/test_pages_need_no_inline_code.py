"""Every page the site serves satisfies its Content-Security-Policy without exceptions: no
inline script, no inline style (element or attribute), no inline event handler (issue #11,
point 7). The browser test (tests/browser/test_every_page_opens.py) checks the same in
Chromium for the main pages; this one walks every URL that takes no argument, and the pages
of one run, enterprise, line and objection, so that a new page cannot slip through."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from resolute.web.assessments.services import start_run

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def plain_names(patterns: Any = None) -> list[str]:
    names = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace:
                continue  # the API (its docs page is checked in the browser)
            names += plain_names(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name and not p.pattern.converters:
            names.append(p.name)
    return names


def problems(html: str, policy: str) -> list[str]:
    """Inline code the page's own policy does not allow. Self-contained documents (the frozen
    bulletin, the final report: one file, also laid out as PDF) allow inline styles for
    themselves and no script at all."""
    checks = [INLINE_SCRIPT, HANDLER]
    if "style-src 'unsafe-inline'" not in policy:
        checks.append(INLINE_STYLE)
    else:
        assert "default-src 'none'" in policy and "script-src 'none'" in policy
    return [m.group(0)[:80] for rx in checks for m in rx.finditer(html)]


@pytest.mark.slow
@pytest.mark.parametrize("who", ["province", None])
def test_no_page_needs_inline_code(client_for: Any, users: Any, province_ledger: Any,
                                   who: str | None) -> None:  # fmt: skip
    run = start_run(users["province"])
    client = client_for(who)
    urls = [reverse(name) for name in plain_names()]
    urls += [reverse("assessments-run-detail", args=[run.pk]),
             reverse("ledger-enterprise-detail", args=[province_ledger.zibo_steel.credit_code]),
             reverse("ledger-line-detail", args=["ZB-BF-1"])]  # fmt: skip
    checked = 0
    found: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy or "script-src 'none'" in policy, url
        if bad := problems(response.content.decode(), policy):
            found[url] = bad
    assert found == {}
    assert checked >= (25 if who else 4)
