from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "resolute.web.policies"
    label = "policies"
    verbose_name = "政策版本"
