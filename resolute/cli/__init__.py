"""The ``resolute`` command line: batch work on ledgers, the rulebook and reports.

One module per group of commands, each registering its commands on :data:`main`:
``ledgers`` (assess, template, demo-data), ``rules``, ``plan`` (targets, obligations,
progress), ``documents`` (bulletin and final report), ``pricing`` (surcharges, classes) and
``replacement`` (replacement-check, admission, credit). What they share — failures, the
shared options, the output writer — is in ``common``; click's own messages in Chinese are in
``chinese``.
"""

from resolute.cli import documents, ledgers, plan, pricing, replacement, rules
from resolute.cli.group import main

__all__ = ["documents", "ledgers", "main", "plan", "pricing", "replacement", "rules"]
