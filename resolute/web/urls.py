"""URLs: each app owns its own ``urls.py``. The supervision area (督导) and the dashboard area
(驾驶舱) are several apps each, every one under its area's path."""

from django.urls import include, path

urlpatterns = [
    path("", include("resolute.web.front.urls")),
    path("ledger/", include("resolute.web.front.ledger_urls")),
    path("assessments/", include("resolute.web.assessments.urls")),
    path("imports/", include("resolute.web.imports.urls")),
    path("objections/", include("resolute.web.objections.urls")),
    path("api/", include("resolute.web.api.urls")),
    path("targets/", include("resolute.web.targets.urls")),
    path("supervision/", include("resolute.web.supervision.urls")),
    path("supervision/plans/", include("resolute.web.plans.urls")),
    path("supervision/quarters/", include("resolute.web.quarters.urls")),
    path("supervision/bulletins/", include("resolute.web.bulletins.urls")),
    path("supervision/evaluation/", include("resolute.web.evaluation.urls")),
    path("supervision/risks/", include("resolute.web.risks.urls")),
    path("pricing/", include("resolute.web.pricing.urls")),
    path("replacement/", include("resolute.web.replacement.urls")),
    path("dashboard/", include("resolute.web.dashboard.urls")),
    path("dashboard/selfcheck/", include("resolute.web.selfcheck.urls")),
    path("dashboard/whatif/", include("resolute.web.whatif.urls")),
    path("policies/", include("resolute.web.policies.urls")),
    path("jobs/", include("resolute.web.jobs.urls")),
    path("notices/", include("resolute.web.notices.urls")),
]
# Uploaded files are never served from a media URL, not even with DEBUG on: each is served
# by a view that checks the user's scope (resolute.web.lib.files.download).

# The pages of a failed request (DEBUG off), in Chinese with a way back: resolute/web/front/errors.py.
handler400 = "resolute.web.front.errors.bad_request"
handler403 = "resolute.web.front.errors.permission_denied"
handler404 = "resolute.web.front.errors.page_not_found"
handler500 = "resolute.web.front.errors.server_error"
