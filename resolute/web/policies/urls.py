from django.urls import URLPattern, path

from resolute.web.policies import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="policies-home"),
    path("new/", views.new_draft, name="policies-new"),
    path("import/", views.import_version, name="policies-import"),
    path("sets/<str:dataset>/", views.history, name="policies-history"),
    path("sets/<str:dataset>/<str:label>.yaml", views.export_yaml, name="policies-export"),
    path("<int:pk>/", views.version_detail, name="policies-version"),
    path("<int:pk>/info/", views.version_info, name="policies-info"),
    path("<int:pk>/entries/<str:key>/", views.entry_edit, name="policies-entry"),
    path("<int:pk>/entries/<str:key>/remove/", views.entry_remove, name="policies-entry-remove"),
    path(
        "<int:pk>/entries/<str:key>/parts/<int:index>/add/",
        views.entry_part_add,
        name="policies-part-add",
    ),
    path(
        "<int:pk>/entries/<str:key>/parts/<int:index>/remove/",
        views.entry_part_remove,
        name="policies-part-remove",
    ),
    path("<int:pk>/sections/<str:section>/add/", views.entry_add, name="policies-entry-add"),
    path("<int:pk>/documents/", views.add_document, name="policies-add-document"),
    path("<int:pk>/diff/", views.version_diff, name="policies-diff"),
    path("<int:pk>/preview/", views.version_preview, name="policies-preview"),
    path("<int:pk>/submit/", views.version_submit, name="policies-submit"),
    path("<int:pk>/approve/", views.version_approve, name="policies-approve"),
    path("<int:pk>/return/", views.version_return, name="policies-return"),
    path("<int:pk>/discard/", views.version_discard, name="policies-discard"),
    path("<int:pk>/table.xlsx", views.table_file, {"fmt": "xlsx"}, name="policies-table-xlsx"),
    path("<int:pk>/table.pdf", views.table_file, {"fmt": "pdf"}, name="policies-table-pdf"),
]
