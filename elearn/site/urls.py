from django.urls import path

from . import views

# The pages every public-sector site owes its readers (GDPR, EU Web Accessibility Directive).
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("imprint/", views.imprint, name="imprint"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
