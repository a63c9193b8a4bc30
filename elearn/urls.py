from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from elearn.site import views as site_views
from elearn.site.language import switch_language
from modules import urls as learning_urls

PUBLIC_MEDIA_FOLDERS = ["images/", "original_images/"]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:language>/", switch_language, name="switch_language"),
    path("", include(learning_urls.endpoint_urlpatterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only Wagtail's images are public media. H5P packages (untrusted script), pack uploads waiting for
    # import and releases stay behind their own views, even on the development server.
    for folder in PUBLIC_MEDIA_FOLDERS:
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

# Pages people read, in every language: English at "/", the others under "/de/", "/fr/", "/it/", "/sl/"
# (elearn/site/language.py says who is sent where).
urlpatterns += i18n_patterns(
    path("accounts/", include("elearn.accounts.urls")),
    path("", include("elearn.site.urls")),
    path("", include(learning_urls.urlpatterns)),
    # Wagtail's page view (same pattern and name), its site and route read from the cache.
    re_path(wagtail_urls.serve_pattern, site_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "elearn.site.views.server_error"
