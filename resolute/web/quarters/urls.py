from django.urls import path

from resolute.web.quarters import views

urlpatterns = [
    path("", views.quarter_list, name="supervision-quarter-list"),
    path("submit/", views.quarter_submit, name="supervision-quarter-submit"),
    path("import/", views.quarter_import, name="supervision-quarter-import"),
    path("template.xlsx", views.quarter_template, name="supervision-quarter-template"),
    path("reports.xlsx", views.quarter_export, name="supervision-quarter-export"),
    path("<int:pk>/", views.quarter_detail, name="supervision-quarter-detail"),
]
