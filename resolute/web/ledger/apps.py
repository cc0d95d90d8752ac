from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "resolute.web.ledger"
    label = "ledger"
    verbose_name = "台账"
