from django.urls import path

from resolute.web.assessments import views

urlpatterns = [
    path("", views.run_list, name="assessments-run-list"),
    path("<int:pk>/", views.run_detail, name="assessments-run-detail"),
    path("<int:pk>/progress.json", views.run_progress, name="assessments-run-progress"),
    path("<int:pk>/export.xlsx", views.run_export, name="assessments-run-export"),
    path("<int:pk>/publish/", views.run_publish, name="assessments-run-publish"),
    path("eliminations/", views.eliminations, name="assessments-eliminations"),
    path("public/", views.public, name="assessments-public"),
]
