from django.urls import path

from resolute.web.jobs import views

urlpatterns = [
    path("", views.job_list, name="jobs-list"),
    path("<int:pk>/", views.job_detail, name="jobs-detail"),
    path("<int:pk>/progress.json", views.job_progress, name="jobs-progress"),
    path("<int:pk>/files/<int:index>/", views.job_file, name="jobs-file"),
    path("<int:pk>/retry/", views.job_retry, name="jobs-retry"),
]
