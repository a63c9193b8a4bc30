"""Admin URLs of reviews, in the "review" namespace under /admin/review/ (see modules/wagtail_hooks.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:task_state_id>/", views.review, name="review"),
    path("<int:task_state_id>/approve-module/", views.approve_module, name="approve_module"),
    # A trainer submits a module's drafts (module page, lessons, quiz) for review in one step.
    path("module/<int:module_id>/submit/", views.submit_module, name="submit_module"),
]
