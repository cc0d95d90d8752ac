from django.urls import path

from resolute.web.replacement import views

urlpatterns = [
    path("", views.plan_list, name="replacement-plan-list"),
    path("new/", views.plan_new, name="replacement-plan-new"),
    path("<int:pk>/", views.plan_detail, name="replacement-plan-detail"),
    path("ledger/", views.capacity_ledger, name="replacement-ledger"),
    path("admission/", views.admission_check, name="replacement-admission"),
    path("credit/", views.credit_public, name="replacement-credit-public"),
    path("credit/review/", views.credit_review, name="replacement-credit-review"),
    path("credit/export.xlsx", views.credit_export, name="replacement-credit-export"),
]
