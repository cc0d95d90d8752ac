from django.urls import URLPattern, path

from resolute.web.dashboard import selfcheck_views, views, whatif_views

urlpatterns: list[URLPattern] = [
    path("", views.province, name="dashboard-province"),
    path("city/<str:name>/", views.city, name="dashboard-city"),
    path("selfcheck/", selfcheck_views.selfcheck, name="dashboard-selfcheck"),
    path("whatif/", whatif_views.whatif_page, name="dashboard-whatif"),
    path("whatif/compare/", whatif_views.scenario_compare, name="dashboard-scenario-compare"),
    path("whatif/<int:pk>/", whatif_views.scenario_detail, name="dashboard-scenario"),
    path(
        "whatif/<int:pk>/export.xlsx",
        whatif_views.scenario_export,
        name="dashboard-scenario-export",
    ),
]
