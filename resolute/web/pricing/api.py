"""This app's endpoints, mounted on the project's API (resolute/web/api/views.py)."""

from ninja import Router

router = Router()
