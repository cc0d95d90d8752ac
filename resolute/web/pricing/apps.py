from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "resolute.web.pricing"
    label = "pricing"
    verbose_name = "价格与分类"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from resolute.web.computed import services as computed
        from resolute.web.pricing import services
        from resolute.web.pricing.models import RateOverride

        computed.refresh_on_change(services.SURCHARGES, services.refresh_surcharges)
        computed.refresh_on_change(services.CLASSES, services.refresh_classes)
        for signal in (post_save, post_delete):
            signal.connect(services.rates_changed, sender=RateOverride,
                           dispatch_uid=f"pricing-rates-{signal is post_save}")  # fmt: skip
