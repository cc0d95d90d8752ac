from django.apps import AppConfig


class ReplacementConfig(AppConfig):
    name = "resolute.web.replacement"
    label = "replacement"
    verbose_name = "产能置换、准入与信用"

    def ready(self) -> None:
        from resolute.web.computed import services as computed
        from resolute.web.replacement import services

        computed.refresh_on_change(services.CREDIT, services.refresh_credit)
