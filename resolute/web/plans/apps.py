from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "resolute.web.plans"
    label = "plans"
    verbose_name = "“三个一批”计划"
