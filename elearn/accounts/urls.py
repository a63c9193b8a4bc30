from django.urls import include, path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.download_data, {"kind": "json"}, name="my_data_json"),
    path("my-data/download-csv.zip", views.download_data, {"kind": "csv"}, name="my_data_csv"),
    path("my-data/delete/", views.delete_account, name="delete_account"),
    path("", include("allauth.urls")),
]
