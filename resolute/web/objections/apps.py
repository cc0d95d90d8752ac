from django.apps import AppConfig


class ObjectionsConfig(AppConfig):
    name = "resolute.web.objections"
    label = "objections"
    verbose_name = "异议"
