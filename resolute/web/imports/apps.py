from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "resolute.web.imports"
    label = "imports"
    verbose_name = "导入"
