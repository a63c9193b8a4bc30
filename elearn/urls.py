from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from modules import urls as learning_urls

PUBLIC_MEDIA_FOLDERS = ["images/", "original_images/"]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("elearn.accounts.urls")),
    path("", include(learning_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only Wagtail's images are public media. H5P packages (untrusted script), pack uploads waiting for
    # import and releases stay behind their own views, even on the development server.
    for folder in PUBLIC_MEDIA_FOLDERS:
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "elearn.site.views.server_error"
