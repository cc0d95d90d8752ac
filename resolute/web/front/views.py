from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from resolute.core import rulebook


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "front/home.html", {"book": rulebook.default()})


class LoginView(auth_views.LoginView):
    template_name = "front/login.html"
    redirect_authenticated_user = True
