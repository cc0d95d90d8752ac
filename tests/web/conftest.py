"""Named users who differ in what they may see, and a small two-city ledger.

- ``province``: 省级办公室 — everything;
- ``industry``: 行业主管部门 for steel and coking;
- ``zibo``: 淄博 city officer;  ``linyi``: 临沂 city officer;
- ``enterprise_user``: user of the 淄博 steel enterprise;
- anonymous: the public.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from builders import make_enterprise, make_line
from django.contrib.auth import get_user_model
from django.test import Client

from resolute.core.ledger import Ledger
from resolute.web.accounts.models import Profile, Role
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, Enterprise
from resolute.web.ledger.services import apply_changes, plan_changes

PASSWORD = "test-password-2021"


@dataclass
class Province:
    """The test ledger: enterprises by short name, and their lines."""

    zibo_steel: Enterprise
    zibo_cement: Enterprise
    linyi_steel: Enterprise
    linyi_coking: Enterprise


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESOLUTE_RUNS_INLINE = True
    # The real hasher takes ~0.3 s a user by design; tests need no such protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def province_ledger(db: Any) -> Province:
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
                  volume_m3=380.0),
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


def _user(username: str, **profile: Any) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if profile:
        Profile.objects.create(user=user, **profile)
    return user


@pytest.fixture
def users(province_ledger: Province) -> dict[str, Any]:
    return {
        "province": _user("province", role=Role.PROVINCE, display_name="省办"),
        "industry": _user("industry", role=Role.DEPARTMENT, industries=["steel", "coking"],
                          display_name="省工信厅"),
        "zibo": _user("zibo", role=Role.CITY, city=City.objects.get(name="淄博")),
        "linyi": _user("linyi", role=Role.CITY, city=City.objects.get(name="临沂")),
        "enterprise_user": _user("enterprise_user", role=Role.ENTERPRISE,
                                 enterprise=province_ledger.zibo_steel),
        "no_role": _user("no_role"),
    }  # fmt: skip


@pytest.fixture
def client_for(users: dict[str, Any]) -> Any:
    """client_for("zibo") is a Client signed in as that user; client_for(None) is anonymous."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(users[name])
        return client

    return make
