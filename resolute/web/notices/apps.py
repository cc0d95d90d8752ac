from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "resolute.web.notices"
    label = "notices"
    verbose_name = "提醒"

    def ready(self) -> None:
        from resolute.web.notices import signals  # noqa: F401  (connects the receivers)
