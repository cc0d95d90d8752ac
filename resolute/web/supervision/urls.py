from django.urls import path

from resolute.web.supervision import views

urlpatterns = [
    path("", views.home, name="supervision-home"),
    path("final/", views.final_report, name="supervision-final-report"),
    path("final/report.html", views.final_report_html, name="supervision-final-report-html"),
    path("final/report.<str:kind>", views.final_report_file, name="supervision-final-report-file"),
]
