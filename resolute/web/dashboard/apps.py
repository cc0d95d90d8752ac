from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "resolute.web.dashboard"
    label = "dashboard"
    verbose_name = "驾驶舱、自查与政策推演"
