"""Who is acting: every recorded change needs an actor, set per request or per job."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any  # a User, or None for the system
    name: str
    via: str = ""  # 网页, 导入, 接口, 命令行 …


_current: ContextVar[Actor | None] = ContextVar("resolute_actor", default=None)


class NoActor(RuntimeError):
    """A ledger change was attempted with nobody named as responsible for it."""


def current_actor() -> Actor:
    actor = _current.get()
    if actor is None:
        raise NoActor("台账数据的修改必须有操作人：请在 acting_as(...) 中执行")
    return actor


@contextmanager
def acting_as(user: Any, via: str = "", name: str | None = None) -> Iterator[Actor]:
    """Record every change inside the block as made by ``user`` (None: the system)."""
    shown = name or (user.get_username() if user is not None else "系统")
    token = _current.set(Actor(user, shown, via))
    try:
        yield _current.get()  # type: ignore[misc]
    finally:
        _current.reset(token)


def command_line_actor() -> str:
    """The name a management command records as the actor: the operating-system account
    that ran it (commands have no signed-in user)."""
    import getpass

    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        who = "未知账户"
    return f"命令行（{who}）"
