from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    name = "resolute.web.selfcheck"
    label = "selfcheck"
    verbose_name = "企业自查"
