"""yamltext.rewrite: a draft's text changed only where its content changed (issue #15)."""

from __future__ import annotations

import copy

import pytest
import yaml

from resolute.core import policies
from resolute.web.policies import yamltext


def _data(text: str) -> dict:
    return copy.deepcopy(yaml.safe_load(text))


@pytest.mark.parametrize("dataset", ["rulebook", "pricing", "replacement", "classes", "evaluation"])
def test_an_unchanged_bundled_file_is_written_byte_for_byte(dataset: str) -> None:
    text = policies.bundled(dataset).text
    assert yamltext.rewrite(text, _data(text)) == text


def test_a_value_under_an_alias_changes_in_one_place_only() -> None:
    text = "a: &x {v: 1}  # shared\nb: *x\nc: *x\n"
    data = _data(text)
    data["b"] = {"v": 2}
    out = yamltext.rewrite(text, data)
    assert out is not None and yaml.safe_load(out) == {"a": {"v": 1}, "b": {"v": 2}, "c": {"v": 1}}
    assert "# shared" in out and "c: *x" in out


def test_a_string_that_reads_as_another_kind_is_quoted() -> None:
    text = "version: x\nnote: plain  # why\n"
    data = {"version": "2023.1", "note": "yes"}
    out = yamltext.rewrite(text, data)
    assert out is not None and yaml.safe_load(out) == data and "# why" in out


def test_an_entry_added_between_two_keeps_the_comments_around_it() -> None:
    text = "rules:\n  # first\n  - {id: a, v: 1}\n  # second\n  - {id: b, v: 2}\n"
    data = _data(text)
    data["rules"].insert(1, {"id": "new", "v": 3})
    out = yamltext.rewrite(text, data)
    assert out is not None and yaml.safe_load(out) == data
    assert "# first" in out and "# second" in out
