from django.urls import path

from resolute.web.front import ledger_views as views

urlpatterns = [
    path("", views.line_list, name="ledger-line-list"),
    path("export.xlsx", views.line_export, name="ledger-line-export"),
    path(
        "enterprises/<str:credit_code>/", views.enterprise_detail, name="ledger-enterprise-detail"
    ),
    path("lines/<str:line_id>/", views.line_detail, name="ledger-line-detail"),
    path("rules/<str:rule_id>/", views.rule_detail, name="ledger-rule-detail"),
    path("exit-evidence/<int:pk>/", views.exit_evidence, name="ledger-exit-evidence"),
]
