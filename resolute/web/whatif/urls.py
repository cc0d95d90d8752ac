from django.urls import URLPattern, path

from resolute.web.whatif import views

urlpatterns: list[URLPattern] = [
    path("", views.whatif_page, name="dashboard-whatif"),
    path("compare/", views.scenario_compare, name="dashboard-scenario-compare"),
    path("<int:pk>/", views.scenario_detail, name="dashboard-scenario"),
    path("<int:pk>/export.xlsx", views.scenario_export, name="dashboard-scenario-export"),
]
