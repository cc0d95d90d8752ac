"""统一社会信用代码 check character per GB 32100-2015."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, in Chinese, or None when it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位"
    bad = [c for c in code if c not in _VALUE]
    if bad:
        return f"统一社会信用代码含非法字符“{bad[0]}”"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验码错误（应为 {expected}）"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def complete(first17: str) -> str:
    """Append the check character to a 17-character body."""
    return first17 + check_character(first17)
