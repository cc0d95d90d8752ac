from typing import Any

from django.apps import AppConfig
from django.core import checks


class SupervisionConfig(AppConfig):
    name = "resolute.web.supervision"
    label = "supervision"
    verbose_name = "督导"

    def ready(self) -> None:
        checks.register(check_scoring_rules)


def check_scoring_rules(**kwargs: Any) -> list[checks.CheckMessage]:
    """A broken evaluation.yaml stops ``manage.py check`` with its path and entry, rather than
    the evaluation page failing later."""
    from resolute.core import evaluation

    try:
        evaluation.load()
    except evaluation.EvaluationError as exc:
        return [checks.Error(str(exc), id="supervision.E001")]
    return []
