"""A draft's edited content written back into its own YAML text, keeping everything else.

An office's file carries comments (why a threshold is what it is), anchors and aliases, the
quoting and folding its author chose. A form save changes a few values, adds or removes an
entry: :func:`rewrite` reads the text with a round-trip parser (ruamel.yaml), changes in it
only the places where the edited content differs, and writes it again, so the text differs
from the old one only in the lines of what changed.

The result is checked: read back with the loader the program uses everywhere (PyYAML), it
must give exactly the edited content. When it does not (a construct the round-trip parser
writes differently), :func:`rewrite` returns None and the caller writes the content afresh.

Framework-free.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import json
from collections import Counter
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RoundTripError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: How PyYAML reads a plain scalar: a new string that it would read as something else (2023.1,
#: yes, 2023-01-01 …) is written quoted.
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)
#: A new mapping or list of scalars at most this long is written on one line ({a: 1, b: 2}).
_FLOW_WIDTH = 80


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long line the author wrote on one
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.representer.add_representer(type(None), _represent_null)
    return rt


def _represent_null(representer: Any, _value: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def rewrite(text: str, data: Any) -> str | None:
    """``text`` changed where its content differs from ``data`` (plain mappings, lists and
    scalars, as PyYAML reads them), comments and untouched lines kept; None when that cannot
    be done faithfully."""
    rt = _yaml()
    try:
        doc = rt.load(text)
    except (RoundTripError, ValueError):
        return None
    if not isinstance(doc, CommentedMap) or not isinstance(data, dict):
        return None
    _keep_anchors(doc)
    shared = _references(doc)
    doc = _sync(doc, data, shared)
    out = io.StringIO()
    rt.dump(doc, out)
    written = out.getvalue()
    try:
        back = yaml.load(written, Loader=_LOADER)
    except (yaml.YAMLError, ValueError):
        return None
    return written if same(back, data) else None


# ─── comparing ───────────────────────────────────────────────────────────────


def plain(node: Any) -> Any:
    """Round-trip data as plain Python (dict, list, str, int, float, bool, date, None)."""
    if isinstance(node, dict):
        return {plain(k): plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime(*node.timetuple()[:6], node.microsecond, tzinfo=node.tzinfo)
    return node


def same(a: Any, b: Any) -> bool:
    """Equal and of the same kind: True is not 1, 400 is not 400.0, a date is not a string."""
    a, b = plain(a), plain(b)
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    return type(a) is type(b) and bool(a == b)


def _fingerprint(value: Any) -> str:
    """A text that two values share exactly when :func:`same` holds (for matching lists)."""

    def tag(v: Any) -> Any:
        if isinstance(v, dict):
            return {"m": [[tag(k), tag(x)] for k, x in v.items()]}
        if isinstance(v, list):
            return {"l": [tag(x) for x in v]}
        return [type(v).__name__, v if isinstance(v, bool | int | float | str) or v is None
                else str(v)]  # fmt: skip

    return json.dumps(tag(plain(value)), ensure_ascii=False)


# ─── changing the round-trip document ────────────────────────────────────────


def _keep_anchors(node: Any) -> None:
    """Anchors stay written even where no alias uses them (ruamel drops those otherwise)."""
    seen: set[int] = set()

    def visit(n: Any) -> None:
        if id(n) in seen:
            return
        seen.add(id(n))
        if isinstance(n, CommentedBase) and getattr(n.anchor, "value", None):
            n.anchor.always_dump = True
        if isinstance(n, dict):
            for v in n.values():
                visit(v)
        elif isinstance(n, list):
            for v in n:
                visit(v)

    visit(node)


def _references(node: Any) -> Counter[int]:
    """How many places hold each mapping and list (more than one: an anchor and its aliases)."""
    counts: Counter[int] = Counter()

    def visit(n: Any) -> None:
        if isinstance(n, dict | list):
            counts[id(n)] += 1
            for v in n.values() if isinstance(n, dict) else n:
                visit(v)

    visit(node)
    return counts


def _unanchored(node: Any) -> Any:
    """A copy of an aliased node for one place to change on its own (no anchor of its own,
    so that no anchor is written twice)."""
    twin = copy.deepcopy(node)

    def strip(n: Any) -> None:
        if isinstance(n, CommentedBase):
            n.anchor.value = None
            n.anchor.always_dump = False
        if isinstance(n, dict):
            for v in n.values():
                strip(v)
        elif isinstance(n, list):
            for v in n:
                strip(v)

    strip(twin)
    return twin


def _sync(node: Any, new: Any, shared: Counter[int]) -> Any:
    """``node`` made to hold ``new``: the same object where nothing changed (its comments and
    aliases kept), changed in place where a mapping or list changed, a new scalar otherwise."""
    if same(node, new):
        return node
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        if shared[id(node)] > 1:
            node = _unanchored(node)
        _sync_map(node, new, shared)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        if shared[id(node)] > 1:
            node = _unanchored(node)
        _sync_seq(node, new, shared)
        return node
    return fresh(new, like=node)


def _sync_map(node: CommentedMap, new: dict[str, Any], shared: Counter[int]) -> None:
    for key in [k for k in node if k not in new]:
        del node[key]
    previous: Any = None
    for key, value in new.items():
        if key in node:
            updated = _sync(node[key], value, shared)
            if updated is not node[key]:
                node[key] = updated
        else:
            keys = list(node.keys())
            at = keys.index(previous) + 1 if previous in keys else 0
            node.insert(at, key, fresh(value))
        previous = key


def _sync_seq(node: CommentedSeq, new: list[Any], shared: Counter[int]) -> None:
    old = [_fingerprint(v) for v in node]
    wanted = [_fingerprint(v) for v in new]
    matcher = difflib.SequenceMatcher(None, old, wanted, autojunk=False)
    # From the end, so that the positions of the blocks not yet handled stay as they were.
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        if (
            op == "replace"
            and i2 - i1 == j2 - j1
            and all(_ident(node[i]) == _ident(new[j]) for i, j in pairs)
        ):
            for k in range(i2 - i1):  # the same entries, changed: kept in place
                updated = _sync(node[i1 + k], new[j1 + k], shared)
                if updated is not node[i1 + k]:
                    node[i1 + k] = updated
            continue
        # Entries added or removed: an entry kept (same id) is changed in place, the others
        # are removed or written afresh.
        kept = {_ident(node[i]): node[i] for i in range(i1, i2) if _ident(node[i]) is not None}
        block = [
            _sync(kept[_ident(new[j])], new[j], shared) if _ident(new[j]) in kept
            else fresh(new[j])
            for j in range(j1, j2)
        ]  # fmt: skip
        for i in reversed(range(i1, i2)):
            del node[i]
        for k, item in enumerate(block):
            node.insert(i1 + k, item)


#: The keys that name an entry of a list (a rule's id, an indicator's key …).
_IDENT_KEYS = ("id", "key", "code", "equipment")


def _ident(value: Any) -> tuple[str, str] | None:
    if isinstance(value, dict):
        for key in _IDENT_KEYS:
            if isinstance(value.get(key), str):
                return key, str(value[key])
    return None


def fresh(value: Any, like: Any = None) -> Any:
    """``value`` as round-trip data, written in the style of ``like`` (the value it replaces)
    where it has one: a quoted string stays quoted, a one-line mapping stays on one line."""
    if isinstance(value, dict):
        cmap = CommentedMap((k, fresh(v)) for k, v in value.items())
        flow = like.fa.flow_style() if isinstance(like, CommentedMap) else _short(value)
        if flow:
            cmap.fa.set_flow_style()
        else:
            cmap.fa.set_block_style()
        return cmap
    if isinstance(value, list | tuple):
        seq = CommentedSeq(fresh(v) for v in value)
        flow = like.fa.flow_style() if isinstance(like, CommentedSeq) else _short(value)
        if flow:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(like, _QUOTED):
            return type(like)(value)
        if isinstance(like, FoldedScalarString | LiteralScalarString):
            return type(like)(value)
        if _reads_as(value) != _STR_TAG:
            return DoubleQuotedScalarString(value)
    return value


def _reads_as(text: str) -> str:
    """The tag PyYAML gives ``text`` written plain (int, float, bool, date … or str)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _short(value: dict[str, Any] | list[Any] | tuple[Any, ...]) -> bool:
    items = value.values() if isinstance(value, dict) else value
    if not value or any(isinstance(v, dict) for v in items):
        return False
    if any(isinstance(v, list | tuple) and any(isinstance(x, dict | list) for x in v)
           for v in items):  # fmt: skip
        return False
    return len(json.dumps(plain(value), ensure_ascii=False, default=str)) <= _FLOW_WIDTH
