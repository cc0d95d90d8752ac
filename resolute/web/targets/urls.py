from django.urls import path

from resolute.web.targets import views

urlpatterns = [
    path("", views.target_list, name="targets-list"),
    path("obligations/", views.obligations, name="targets-obligations"),
    path("indicators/", views.indicators, name="targets-indicators"),
    path("indicators/import/", views.indicator_import, name="targets-indicator-import"),
    path("indicators/template.xlsx", views.indicator_template, name="targets-indicator-template"),
    path(
        "indicators/evidence/<int:pk>/", views.indicator_evidence, name="targets-indicator-evidence"
    ),
    path(
        "indicators/<str:target_id>/report/",
        views.indicator_report,
        name="targets-indicator-report",
    ),
    path("projects/", views.projects, name="targets-projects"),
    path("projects/new/", views.project_new, name="targets-project-new"),
    path("projects/import/", views.project_upload, name="targets-project-import"),
    path("projects/template.xlsx", views.project_template, name="targets-project-template"),
    path("projects/projects.xlsx", views.project_export, name="targets-project-export"),
    path("projects/<int:pk>/", views.project_edit, name="targets-project-edit"),
    path("registry/", views.registry, name="targets-registry"),
    path("registry/new/", views.registry_new, name="targets-registry-new"),
    path("registry/import/", views.registry_import, name="targets-registry-import"),
    path("registry/template.xlsx", views.registry_template, name="targets-registry-template"),
    path("registry/<int:pk>/", views.registry_edit, name="targets-registry-edit"),
    path("<str:target_id>/", views.target_detail, name="targets-detail"),
]
