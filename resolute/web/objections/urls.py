from django.urls import path

from resolute.web.objections import views

urlpatterns = [
    path("", views.objection_list, name="objections-list"),
    path("new/", views.objection_new, name="objections-new"),
    path("<int:pk>/", views.objection_detail, name="objections-detail"),
    path("<int:pk>/messages/", views.objection_message, name="objections-message"),
    path("<int:pk>/accept/", views.objection_accept, name="objections-accept"),
    path("<int:pk>/reject/", views.objection_reject, name="objections-reject"),
    path("<int:pk>/files/<int:file_pk>/", views.objection_attachment, name="objections-attachment"),
]
