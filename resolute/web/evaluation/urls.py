from django.urls import path

from resolute.web.evaluation import views

urlpatterns = [
    path("", views.evaluation, name="supervision-evaluation"),
]
