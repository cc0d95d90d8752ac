from django.urls import path

from resolute.web.plans import views

urlpatterns = [
    path("", views.plan_list, name="supervision-plan-list"),
    path("template.xlsx", views.plan_template, name="supervision-plan-template"),
    path("<str:code>/", views.plan_detail, name="supervision-plan-detail"),
    path("<str:code>/items/", views.plan_item_add, name="supervision-plan-item-add"),
    path(
        "<str:code>/items/<int:pk>/delete/",
        views.plan_item_delete,
        name="supervision-plan-item-delete",
    ),
    path("<str:code>/upload/", views.plan_upload, name="supervision-plan-upload"),
    path("<str:code>/submit/", views.plan_submit, name="supervision-plan-submit"),
]
