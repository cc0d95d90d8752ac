from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "resolute.web.evaluation"
    label = "evaluation"
    verbose_name = "年度督导评估"
