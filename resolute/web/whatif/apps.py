from django.apps import AppConfig


class WhatifConfig(AppConfig):
    name = "resolute.web.whatif"
    label = "whatif"
    verbose_name = "政策推演"
