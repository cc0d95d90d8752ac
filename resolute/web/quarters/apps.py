from django.apps import AppConfig


class QuartersConfig(AppConfig):
    name = "resolute.web.quarters"
    label = "quarters"
    verbose_name = "季度调度"
