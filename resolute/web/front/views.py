from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from resolute.web.front.home import home_for


def home(request: HttpRequest) -> HttpResponse:
    """What waits for the user, by role (resolute.web.front.home)."""
    today = timezone.localdate()
    return render(request, "front/home.html", {
        "home": home_for(request.user, today), "today": today,
    })  # fmt: skip


class LoginView(auth_views.LoginView):
    template_name = "front/login.html"
    redirect_authenticated_user = True


def locked_out(request: HttpRequest, original_response: Any = None,
               credentials: Any = None) -> HttpResponse:  # fmt: skip
    """What django-axes answers to a sign-in while the user name is locked out (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "front/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes,
    }, status=429)  # fmt: skip
