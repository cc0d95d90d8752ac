from django.apps import AppConfig


class ReplacementConfig(AppConfig):
    name = "resolute.web.replacement"
    label = "replacement"
    verbose_name = "产能置换、准入与信用"
