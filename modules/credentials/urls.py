from django.urls import path

from . import views

# Pages a person reads (in every language).
urlpatterns = [
    path("certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/credential/", views.check_credential, name="check_credential"),
    path("certificates/<str:code>/", views.verify_certificate, name="verify_certificate"),
    path("learn/certificates/<str:code>/credential/", views.credential_download, name="credential_download"),
]

# What a verifier fetches: one URL each, whatever the language.
endpoint_urlpatterns = [
    path("credentials/jwks.json", views.key_set, name="credential_key_set"),
    path("credentials/issuer/", views.issuer, name="credential_issuer"),
    path("credentials/achievements/<uuid:kit_key>/", views.achievement, name="credential_achievement"),
    path("credentials/status/revocation/", views.status_list, name="credential_status_list"),
]
