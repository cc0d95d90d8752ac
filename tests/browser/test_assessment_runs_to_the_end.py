"""An officer starts an assessment of their city and watches it to the end; the result is
the city's verdicts, with the 380 m³ blast furnace to be eliminated."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

RUN_TIMEOUT_MS = 60_000


def test_zibo_officer_starts_an_assessment_and_it_finishes(sign_in: Any, settings: Any) -> None:
    settings.RESOLUTE_RUNS_INLINE = False  # in the background, as in production
    page = sign_in("zibo")
    page.locator("header nav").get_by_role("link", name="评估").click()
    expect(page.locator("h1")).to_have_text("评估")
    expect(page.locator("main")).to_contain_text("还没有评估")
    page.get_by_role("button", name="开始评估").click()

    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    expect(page.locator("h1")).to_contain_text("淄博市")
    # The page follows the run's progress and reloads when it is done.
    expect(page.locator("#run-status")).to_contain_text("已完成", timeout=RUN_TIMEOUT_MS)
    main = page.locator("main")
    expect(main).to_contain_text("结论统计")
    expect(main).to_contain_text("ZB-BF-1")
    expect(main).to_contain_text("淄博齐鲁特钢有限公司")
    expect(main).not_to_contain_text("临沂")

    page.locator("header nav").get_by_role("link", name="评估").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr")).to_contain_text("已完成")
