"""The small two-city ledger and named users that the web and browser tests share.

Django is imported inside the functions: this module is imported by conftest files before
Django is configured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from builders import make_enterprise, make_line


@dataclass
class Province:
    """The test ledger: enterprises by short name (two of 淄博, two of 临沂)."""

    zibo_steel: Any
    zibo_cement: Any
    linyi_steel: Any
    linyi_coking: Any


#: The 380 m³ furnace's exit plan, for tests that read deadlines and responsible persons.
FURNACE_EXIT_PLAN: dict[str, Any] = {
    "exit_method": "close",
    "exit_deadline": dt.date(2021, 12, 31),
    "responsible_unit": "淄博市工业和信息化局",
    "responsible_person": "王建国",
}


def build_province(furnace_plan: dict[str, Any] | None = None) -> Province:
    """Store the test ledger (recorded as made by 测试数据) and return its enterprises."""
    from resolute.core.ledger import Ledger
    from resolute.web.audit.context import acting_as
    from resolute.web.ledger.models import Enterprise
    from resolute.web.ledger.services import apply_changes, plan_changes

    ents = {
        "zibo_steel": make_enterprise("steel", name="淄博齐鲁特钢有限公司", city="淄博",
                                      county="张店区"),
        "zibo_cement": make_enterprise("cement", name="淄博山水水泥有限公司", city="淄博",
                                       county="淄川区"),
        "linyi_steel": make_enterprise("steel", name="临沂沂蒙钢铁有限公司", city="临沂",
                                       county="兰山区"),
        "linyi_coking": make_enterprise("coking", name="临沂蒙阴焦化有限公司", city="临沂",
                                        county="蒙阴县"),
    }  # fmt: skip
    lines = [
        make_line("blast_furnace", ents["zibo_steel"]["credit_code"], line_id="ZB-BF-1",
                  volume_m3=380.0, **(furnace_plan or {})),
        make_line("bof", ents["zibo_steel"]["credit_code"], line_id="ZB-BOF-1"),
        make_line("clinker_line", ents["zibo_cement"]["credit_code"], line_id="ZB-CL-1",
                  capacity=2500.0),
        make_line("blast_furnace", ents["linyi_steel"]["credit_code"], line_id="LY-BF-1",
                  volume_m3=1780.0),
        make_line("coke_oven", ents["linyi_coking"]["credit_code"], line_id="LY-CO-1",
                  chamber_height_m=4.3, oven_type="stamp_charged"),
    ]  # fmt: skip
    with acting_as(None, via="测试", name="测试数据"):
        apply_changes(plan_changes(Ledger.from_records(list(ents.values()), lines)))
    by_code = {e.credit_code: e for e in Enterprise.objects.all()}
    return Province(**{k: by_code[v["credit_code"]] for k, v in ents.items()})


def make_user(username: str, password: str, **profile: Any) -> Any:
    """A user with that password and, when ``profile`` is given, a role."""
    from django.contrib.auth import get_user_model

    from resolute.web.accounts.models import Profile
    from resolute.web.audit.context import acting_as

    user = get_user_model().objects.create_user(username=username, password=password)
    if profile:
        with acting_as(None, via="测试", name="测试数据"):
            Profile.objects.create(user=user, **profile)
    return user


def issue_test_token(user: Any, name: str = "") -> tuple[Any, str]:
    """``ApiToken.issue`` as the test data's actor (issuing a token is recorded)."""
    from resolute.web.accounts.models import ApiToken
    from resolute.web.audit.context import acting_as

    with acting_as(None, via="测试", name="测试数据"):
        return ApiToken.issue(user, name=name)
