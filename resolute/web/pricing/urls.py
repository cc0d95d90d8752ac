from django.urls import path

from resolute.web.pricing import views

urlpatterns = [
    path("surcharges/", views.surcharges, name="pricing-surcharges"),
    path("classes/", views.classes_page, name="pricing-classes"),
    path("schedules/", views.schedules, name="pricing-schedules"),
]
