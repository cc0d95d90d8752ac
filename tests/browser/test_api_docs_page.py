"""The API's OpenAPI page renders in the browser from the server's own files (no CDN: the
machines that run this have no Internet) and lists the ledger operations."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_the_api_docs_page_lists_the_ledger_operations_without_leaving_the_server(
    sign_in: Any, live_server: Any
) -> None:
    page = sign_in("zibo")
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url)
            or r.url.startswith("data:") else elsewhere.append(r.url))  # fmt: skip
    page.locator("header nav").get_by_role("link", name="接口").click()
    expect(page.locator(".swagger-ui")).to_be_visible()
    expect(page.get_by_text("/api/lines", exact=True)).to_be_visible()
    expect(page.locator("body")).to_contain_text("生产线列表")
    assert elsewhere == []
