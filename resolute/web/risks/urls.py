from django.urls import path

from resolute.web.risks import views

urlpatterns = [
    path("", views.risk_list, name="supervision-risks"),
    path("<str:code>/", views.risk_city, name="supervision-risks-city"),
]
