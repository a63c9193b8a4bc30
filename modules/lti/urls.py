from django.urls import path

from . import views

# Machine endpoints, one URL whatever the language (the addresses platforms are given).
endpoint_urlpatterns = [
    path("lti/jwks/", views.jwks, name="lti_jwks"),
    path("lti/login/<uuid:registration_uuid>/", views.oidc_login, name="lti_login"),
    path("lti/launch/", views.launch, name="lti_launch"),
    path("lti/register/<str:token>/", views.dynamic_registration, name="lti_register"),
]

# The deep linking picker, a page a teacher reads: in every language.
urlpatterns = [
    path("lti/deep-link/", views.deep_link, name="lti_deep_link"),
    path("lti/course/<int:course_id>/<uuid:module_key>/", views.course_progress, name="lti_course_progress"),
]
