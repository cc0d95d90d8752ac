from django.apps import AppConfig


class ComputedConfig(AppConfig):
    name = "resolute.web.computed"
    label = "computed"
    verbose_name = "计算结果"

    def ready(self) -> None:
        from resolute.web.computed import services
        from resolute.web.ledger.models import ledger_changed

        ledger_changed.connect(services.ledger_changed, dispatch_uid="computed-refresh")
