from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "resolute.web.front"
    label = "front"
    verbose_name = "页面"
