from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "resolute.web.audit"
    label = "audit"
    verbose_name = "变更记录"
