from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "resolute.web.risks"
    label = "risks"
    verbose_name = "风险台账"

    def ready(self) -> None:
        from resolute.web.risks import computed

        computed.register()
