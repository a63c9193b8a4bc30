from django.urls import include, path

from . import views

# Pages a person reads (in every language).
urlpatterns = [
    # A learner's own certificate as a signed credential, to keep in a wallet.
    path("learn/certificates/<str:code>/credential/", views.credential_download, name="credential_download"),
    # A certificate checked by anyone: by its code, or by its signed credential.
    path("certificates/", include([
        path("", views.certificate_lookup, name="certificate_lookup"),
        path("credential/", views.check_credential, name="check_credential"),
        path("<str:code>/", views.verify_certificate, name="verify_certificate"),
    ])),
]

# What a verifier fetches: one URL each, whatever the language.
endpoint_urlpatterns = [
    path("credentials/", include([
        path("jwks.json", views.key_set, name="credential_key_set"),
        path("issuer/", views.issuer, name="credential_issuer"),
        path("achievements/<uuid:kit_key>/", views.achievement, name="credential_achievement"),
        path("status/revocation/", views.status_list, name="credential_status_list"),
    ])),
]
