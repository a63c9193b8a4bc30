from django.urls import include, path

from . import preview_views, views
from .credentials import urls as credential_urls
from .lti import urls as lti_urls
from .packs import urls as pack_urls
from .translation_reports import views as report_views

# Pages a person reads: served in every language (`/de/my-learning/` …) by elearn/urls.py.
urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("search/", views.search, name="search"),
    path("glossary/", views.glossary, name="glossary"),
    path("learn/lessons/<uuid:lesson_key>/complete/", views.complete_lesson, name="complete_lesson"),
    path("learn/quizzes/<uuid:quiz_key>/start/", views.start_attempt, name="start_attempt"),
    path("learn/quizzes/<uuid:quiz_key>/preview-grade/", preview_views.preview_grade, name="preview_grade_quiz"),
    path("learn/attempts/<uuid:public_id>/", views.attempt, name="attempt"),
    path("learn/self-assessments/<uuid:public_id>/", views.self_assessment_result, name="self_assessment_result"),
    path("learn/self-assessments/<uuid:public_id>/csv/", views.self_assessment_result, {"kind": "csv"}, name="self_assessment_csv"),
    path("learn/self-assessments/<uuid:public_id>/pdf/", views.self_assessment_result, {"kind": "pdf"}, name="self_assessment_pdf"),
    path("", include(credential_urls.urlpatterns)),
    path("learn/kits/<uuid:kit_key>/report-translation/", report_views.report_translation, name="report_translation"),
    path("", include(pack_urls.urlpatterns)),
    path("", include(lti_urls.urlpatterns)),
]

# Machine endpoints (feed, API, downloads, the H5P player and xAPI): one URL each, whatever the language.
endpoint_urlpatterns = [
    path("", include(pack_urls.endpoint_urlpatterns)),
    path("h5p/", include("modules.h5p.urls")),
    path("", include(credential_urls.endpoint_urlpatterns)),
    # LTI 1.3: the tool's key set, OIDC login initiation and launch (modules/lti).
    path("", include(lti_urls.endpoint_urlpatterns)),
]
