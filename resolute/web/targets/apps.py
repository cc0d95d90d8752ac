from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "resolute.web.targets"
    label = "targets"
    verbose_name = "目标与进度"

    def ready(self) -> None:
        from resolute.web.targets import computed

        computed.register()
