from django.apps import AppConfig
from django.core import checks


class FrontConfig(AppConfig):
    name = "resolute.web.front"
    label = "front"
    verbose_name = "页面"

    def ready(self) -> None:
        from resolute.web.front.checks import check_data_files

        checks.register(check_data_files, "data_files")
