from django.urls import path

from resolute.web.imports import views

urlpatterns = [
    path("", views.upload, name="imports-upload"),
    path("<int:pk>/", views.detail, name="imports-detail"),
    path("template.xlsx", views.template, name="imports-template"),
    path("ledger.xlsx", views.scope_export, name="imports-scope-export"),
]
