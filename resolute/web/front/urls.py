from django.contrib.auth import views as auth_views
from django.urls import path

from resolute.web.front import views

urlpatterns = [
    path("", views.home, name="front-home"),
    path("login/", views.LoginView.as_view(), name="front-login"),
    path("logout/", auth_views.LogoutView.as_view(), name="front-logout"),
]
