"""The scoping rules themselves: each role sees exactly its part of the ledger."""

from __future__ import annotations

from typing import Any

from resolute.web.accounts.scoping import enterprises_for, lines_for


def _names(qs: Any) -> set[str]:
    return {e.name for e in qs}


def test_each_role_sees_exactly_its_enterprises(users: dict[str, Any]) -> None:
    everyone = {"淄博齐鲁特钢有限公司", "淄博山水水泥有限公司", "临沂沂蒙钢铁有限公司",
                "临沂蒙阴焦化有限公司"}  # fmt: skip
    assert _names(enterprises_for(users["province"])) == everyone
    assert _names(enterprises_for(users["industry"])) == everyone - {"淄博山水水泥有限公司"}
    assert _names(enterprises_for(users["zibo"])) == {
        "淄博齐鲁特钢有限公司",
        "淄博山水水泥有限公司",
    }
    assert _names(enterprises_for(users["linyi"])) == {
        "临沂沂蒙钢铁有限公司",
        "临沂蒙阴焦化有限公司",
    }
    assert _names(enterprises_for(users["enterprise_user"])) == {"淄博齐鲁特钢有限公司"}
    assert _names(enterprises_for(users["no_role"])) == set()
    assert _names(enterprises_for(None)) == set()


def test_lines_follow_their_enterprises(users: dict[str, Any]) -> None:
    assert {ln.line_id for ln in lines_for(users["zibo"])} == {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"}
    assert {ln.line_id for ln in lines_for(users["enterprise_user"])} == {"ZB-BF-1", "ZB-BOF-1"}
    assert lines_for(None).count() == 0
