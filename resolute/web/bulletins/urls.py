from django.urls import path

from resolute.web.bulletins import views

urlpatterns = [
    path("", views.bulletin_list, name="supervision-bulletin-list"),
    path("issue/", views.bulletin_issue, name="supervision-bulletin-issue"),
    path("<str:quarter>/", views.bulletin_detail, name="supervision-bulletin-detail"),
    path("<str:quarter>/bulletin.html", views.bulletin_html, name="supervision-bulletin-html"),
    path(
        "<str:quarter>/bulletin.<str:kind>",
        views.bulletin_file,
        name="supervision-bulletin-file",
    ),
]
