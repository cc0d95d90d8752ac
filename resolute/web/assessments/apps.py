from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "resolute.web.assessments"
    label = "assessments"
    verbose_name = "评估"
