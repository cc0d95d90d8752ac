"""The enterprise's one word (assessment.enterprise_outcome) is the same on its page, in the
API's enterprise detail and in the run's enterprise list, and agrees with its lines: the worst
outcome of the lines that still operate, of all its lines once every one has exited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from pages import parse

from resolute.core.assessment import OUTCOME_CODE, OUTCOME_LABELS, OUTCOMES
from resolute.web.assessments.models import EnterpriseResult, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import Line


def header(client: Any, enterprise: Any) -> tuple[str, str]:
    url = reverse("ledger-enterprise-detail", args=[enterprise.credit_code])
    html = parse(client.get(url).content.decode())
    word = html.find("span", id="enterprise-outcome").text
    return word, html.find("p", id="enterprise-outcome-reason").text


def line_words(client: Any, enterprise: Any) -> list[str]:
    """The outcome each line card of the enterprise page shows."""
    url = reverse("ledger-enterprise-detail", args=[enterprise.credit_code])
    html = parse(client.get(url).content.decode())
    return [
        span.text
        for section in html.iter("section")
        if (section.attrs.get("id") or "").startswith("line-")
        for span in section.iter("span")
        if any(c.startswith("outcome-") for c in span.classes)
    ]


def worst(words: list[str]) -> str:
    codes = {label: code for code, label in OUTCOME_LABELS.items()}
    return OUTCOME_LABELS[OUTCOMES[max(OUTCOME_CODE[codes[w]] for w in words)]]


def test_the_header_is_the_worst_of_its_lines(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    start_run(users["province"])
    client = client_for("province")
    for enterprise in (province_ledger.zibo_steel, province_ledger.linyi_coking):
        lines = line_words(client, enterprise)
        word, reason = header(client, enterprise)
        assert lines and word.startswith(worst(lines)), (enterprise.name, lines, word)
    word, reason = header(client, province_ledger.zibo_steel)
    assert word == "淘汰退出（国家标准）"
    assert reason.startswith("1 条生产线淘汰退出")


def test_an_enterprise_whose_lines_all_exited_is_not_called_compliant(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    """The reported case: both lines 淘汰退出 and exited, the header said 达标."""
    with acting_as(users["province"]):
        for line in Line.objects.filter(line_id__in=["ZB-BF-1", "ZB-BOF-1"]):
            line.status = "exited"
            line.save()
    run = start_run(users["province"])
    client = client_for("zibo")
    lines = line_words(client, province_ledger.zibo_steel)
    assert "淘汰退出" in lines
    word, reason = header(client, province_ledger.zibo_steel)
    assert word.startswith("淘汰退出") and word.startswith(worst(lines))
    assert reason == "1 条生产线淘汰退出（已退出）"
    # The run's own record of the enterprise says the same (the engine rolls up by the rule).
    stored = EnterpriseResult.objects.get(
        run=run, credit_code=province_ledger.zibo_steel.credit_code
    )
    assert stored.outcome == "eliminate"
    api = client.get(f"/api/enterprises/{province_ledger.zibo_steel.credit_code}").json()
    assert (api["outcome"], api["outcome_label"], api["outcome_reason"]) == (
        "eliminate", "淘汰退出", reason,
    )  # fmt: skip
    listed = client.get(f"/api/runs/{run.pk}/enterprises").json()["items"]
    assert {r["credit_code"]: r["outcome"] for r in listed}[
        province_ledger.zibo_steel.credit_code
    ] == "eliminate"


def test_every_enterprise_of_a_run_agrees_with_its_lines(
    users: dict[str, Any], province_ledger: Any
) -> None:
    run = start_run(users["province"])
    for result in EnterpriseResult.objects.filter(run=run):
        lines = LineResult.objects.filter(run=run, credit_code=result.credit_code)
        operating = [r.outcome for r in lines if r.status != "exited"]
        counted = operating or [r.outcome for r in lines]
        assert OUTCOME_CODE[result.outcome] >= max((OUTCOME_CODE[o] for o in counted), default=0), (
            result.name
        )
