from django.urls import path

from resolute.web.supervision import views

urlpatterns = [
    path("", views.home, name="supervision-home"),
    path("plans/", views.plan_list, name="supervision-plan-list"),
    path("plans/template.xlsx", views.plan_template, name="supervision-plan-template"),
    path("plans/<str:code>/", views.plan_detail, name="supervision-plan-detail"),
    path("plans/<str:code>/items/", views.plan_item_add, name="supervision-plan-item-add"),
    path(
        "plans/<str:code>/items/<int:pk>/delete/",
        views.plan_item_delete,
        name="supervision-plan-item-delete",
    ),
    path("plans/<str:code>/upload/", views.plan_upload, name="supervision-plan-upload"),
    path("plans/<str:code>/submit/", views.plan_submit, name="supervision-plan-submit"),
    path("quarters/", views.quarter_list, name="supervision-quarter-list"),
    path("quarters/submit/", views.quarter_submit, name="supervision-quarter-submit"),
    path("quarters/<int:pk>/", views.quarter_detail, name="supervision-quarter-detail"),
    path("evaluation/", views.evaluation, name="supervision-evaluation"),
    path("risks/", views.risk_list, name="supervision-risks"),
    path("risks/<str:code>/", views.risk_city, name="supervision-risks-city"),
]
urlpatterns += [
    path("final/", views.final_report, name="supervision-final-report"),
    path("final/report.html", views.final_report_html, name="supervision-final-report-html"),
    path("final/report.<str:kind>", views.final_report_file, name="supervision-final-report-file"),
    path("bulletins/", views.bulletin_list, name="supervision-bulletin-list"),
    path("bulletins/issue/", views.bulletin_issue, name="supervision-bulletin-issue"),
    path("bulletins/<str:quarter>/", views.bulletin_detail, name="supervision-bulletin-detail"),
    path(
        "bulletins/<str:quarter>/bulletin.html",
        views.bulletin_html,
        name="supervision-bulletin-html",
    ),
    path(
        "bulletins/<str:quarter>/bulletin.<str:kind>",
        views.bulletin_file,
        name="supervision-bulletin-file",
    ),
]
