from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "resolute.web.bulletins"
    label = "bulletins"
    verbose_name = "季度通报"
