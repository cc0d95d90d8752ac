from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "resolute.web.targets"
    label = "targets"
    verbose_name = "目标与进度"
