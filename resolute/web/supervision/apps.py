from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """The supervision area's front page and the final report, which draw on the plans,
    quarters, bulletins, evaluation and risks apps. Its migrations hand those apps' models
    over (the tables keep their ``supervision_`` names)."""

    name = "resolute.web.supervision"
    label = "supervision"
    verbose_name = "督导"
