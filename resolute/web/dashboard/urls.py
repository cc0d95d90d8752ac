from django.urls import URLPattern, path

from resolute.web.dashboard import views

urlpatterns: list[URLPattern] = [
    path("", views.province, name="dashboard-province"),
    path("city/<str:name>/", views.city, name="dashboard-city"),
]
