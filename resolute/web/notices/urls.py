from django.urls import path

from resolute.web.notices import views

urlpatterns = [
    path("", views.notice_list, name="notices-list"),
    path("read/", views.notice_read, name="notices-read"),
    path("<int:pk>/", views.notice_open, name="notices-open"),
]
