"""Stub: filled in by the H5P work."""

urlpatterns = []
