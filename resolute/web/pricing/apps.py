from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "resolute.web.pricing"
    label = "pricing"
    verbose_name = "价格与分类"
