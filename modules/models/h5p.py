"""H5P activities: reusable, uploaded once, placed in lessons with a StreamField block.

Libraries are stored once per machine name, version and content hash, and shared by activities.
A library version the site does not have yet must be approved by a maintainer before activities
that need it can be played."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

# What names one version of a library (the folder name H5P players look for has only major and minor).
LIBRARY_VERSION = ("machine_name", "major_version", "minor_version", "patch_version")


class H5PLibrary(models.Model):
    machine_name = models.CharField(max_length=255)
    major_version = models.PositiveIntegerField()
    minor_version = models.PositiveIntegerField()
    patch_version = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    runnable = models.BooleanField(default=False)
    core_api = models.CharField(max_length=20, blank=True, help_text="coreApi from library.json, e.g. 1.24")
    metadata = models.JSONField(help_text="library.json as uploaded")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 over the library folder's files")
    storage_prefix = models.CharField(max_length=300)
    approved = models.BooleanField(default=False, help_text=_("Approved by a maintainer: activities using it can be played."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["machine_name", "-major_version", "-minor_version", "-patch_version"]
        constraints = [models.UniqueConstraint(fields=[*LIBRARY_VERSION, "content_hash"], name="h5p_library_once")]
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        permissions = [("approve_h5plibrary", "Can approve H5P library versions the site does not have yet")]

    def __str__(self):
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder_name(self):
        """The folder name H5P players look for: Machine.Name-major.minor."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PActivity(index.Indexed, models.Model):
    READY = "ready"
    PENDING = "pending"
    STATUSES = [(READY, _("Ready")), (PENDING, _("Waiting for a maintainer to approve new libraries"))]

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Stable id: survives replacement, export and import.")
    title = models.CharField(_("title"), max_length=255)
    licence = models.CharField(_("licence"), max_length=64, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    main_library = models.CharField(_("main library"), max_length=255, editable=False)
    libraries = models.ManyToManyField(H5PLibrary, related_name="activities", blank=True, editable=False)
    package_sha256 = models.CharField(max_length=64, unique=True, editable=False, help_text="Identical uploads are stored once.")
    package_storage_name = models.CharField(max_length=300, editable=False, help_text="The uploaded .h5p, kept for packs.")
    content_storage_prefix = models.CharField(max_length=300, editable=False)
    h5p_json = models.JSONField(editable=False)
    content_json = models.JSONField(editable=False, help_text="content.json after sanitising")
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=READY, editable=False)
    status_message = models.TextField(blank=True, editable=False)
    required_score = models.PositiveSmallIntegerField(
        _("required score"), default=100, help_text=_("Percent of the maximum score a learner needs for the activity to count as done."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("status")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")

    def __str__(self):
        return self.title

    @property
    def is_playable(self):
        return self.status == self.READY


class H5PActivityChange(models.Model):
    """A change to an activity's package or pass score, waiting for a maintainer's review (issue 11.2).

    Saving the activity form with a new package or another required score never touches what
    learners get: it stores the new package (files, libraries) here, and the activity keeps serving
    its current content and score until a person with the review permission approves the change
    (modules/h5p/review.py). That holds for maintainers' own changes too: no code path approves
    without a person pressing "Approve". At most one change per activity is pending; a later edit
    replaces it. Approved and rejected changes stay as the record of who decided what."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUSES = [(PENDING, _("Waiting for review")), (APPROVED, _("Approved")), (REJECTED, _("Rejected"))]

    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    # The proposed package: empty when only the score changes.
    package_sha256 = models.CharField(max_length=64, blank=True)
    package_storage_name = models.CharField(max_length=300, blank=True)
    content_storage_prefix = models.CharField(max_length=300, blank=True)
    h5p_json = models.JSONField(null=True, blank=True)
    content_json = models.JSONField(null=True, blank=True)
    main_library = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=20, blank=True)
    libraries = models.ManyToManyField(H5PLibrary, related_name="+", blank=True)
    # The proposed pass score; null when it stays.
    required_score = models.PositiveSmallIntegerField(null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("H5P activity change")
        verbose_name_plural = _("H5P activity changes")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["activity"], condition=models.Q(status="pending"),
                                               name="h5p_one_pending_change")]
        permissions = [("review_h5pactivitychange", "Can approve or reject changes to H5P activities")]

    def __str__(self):
        return f"{self.activity} ({self.get_status_display()})"

    @property
    def changes_package(self):
        return bool(self.package_sha256)


class H5PResult(models.Model):
    """One xAPI statement accepted for a learner and an activity, with the score that counts."""

    SERVER = "server"
    BROWSER = "browser"
    SCORED_BY = [(SERVER, _("Re-scored on the server")), (BROWSER, _("Reported by the browser"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_results")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="results")
    verb = models.CharField(max_length=200)
    statement = models.JSONField()
    raw = models.DecimalField(max_digits=9, decimal_places=3)
    max_score = models.DecimalField(max_digits=9, decimal_places=3)
    percent = models.DecimalField(max_digits=5, decimal_places=1)
    scored_by = models.CharField(max_length=10, choices=SCORED_BY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["activity", "user"])]
