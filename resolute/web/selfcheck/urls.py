from django.urls import URLPattern, path

from resolute.web.selfcheck import views

urlpatterns: list[URLPattern] = [
    path("", views.selfcheck, name="dashboard-selfcheck"),
]
