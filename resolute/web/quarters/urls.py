from django.urls import path

from resolute.web.quarters import views

urlpatterns = [
    path("", views.quarter_list, name="supervision-quarter-list"),
    path("submit/", views.quarter_submit, name="supervision-quarter-submit"),
    path("<int:pk>/", views.quarter_detail, name="supervision-quarter-detail"),
]
