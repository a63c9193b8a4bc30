"""Releases are immutable snapshots: the manifest as JSON plus the files built from it."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..errors import ElearnError


class ImmutableError(ElearnError):
    pass


class KitReleaseQuerySet(models.QuerySet):
    def newest_first(self):
        """Highest semantic version first (not the newest cut: a patch of an old line may come later)."""
        return self.order_by("-major", "-minor", "-patch")

    def latest_for(self, kit_key):
        """The kit's highest release (without its manifest), or None before the first one is cut."""
        return self.filter(kit_key=kit_key).defer("manifest").newest_first().first()


class KitRelease(models.Model):
    kit = models.ForeignKey("modules.KitPage", null=True, on_delete=models.SET_NULL, related_name="releases")
    kit_key = models.UUIDField(db_index=True)
    kit_slug = models.SlugField(max_length=80)
    kit_title = models.CharField(max_length=255)
    version = models.CharField(max_length=40)
    # (major, minor, patch) as integers so releases sort by semantic version in SQL.
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    patch = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    # The notes in other languages (language tag -> text); English is `notes`. See `localised_notes`.
    notes_translations = models.JSONField(default=dict, blank=True)
    # Copied from the manifest so listings need not load it.
    licence = models.CharField(max_length=64)
    languages = models.CharField(max_length=200)
    manifest = models.JSONField()
    manifest_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = KitReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["kit_key", "-major", "-minor", "-patch"]
        constraints = [models.UniqueConstraint(fields=["kit_key", "version"], name="release_version_once")]
        verbose_name = _("kit release")

    def __str__(self):
        return f"{self.kit_title} {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("A release is immutable once cut; cut a new version instead.")
        super().save(*args, **kwargs)

    @property
    def localised_notes(self):
        """The notes in the active language (its base tag too: de-CH -> de), else the English notes."""
        language = (translation.get_language() or "en").lower()
        notes = self.notes_translations or {}
        return notes.get(language) or notes.get(language.split("-")[0]) or self.notes

    @property
    def language_list(self):
        """The release's languages (BCP 47), the source language first (manifest `languages`)."""
        return [tag for tag in self.languages.split(",") if tag]

    @property
    def source_language(self):
        return (self.language_list or [settings.LANGUAGE_CODE])[0]

    @property
    def semver(self):
        return (self.major, self.minor, self.patch)

    def file(self, kind, module_key=None, language=None):
        """The download of `kind` (for one module) in `language`, by default the source language."""
        language = language or self.source_language
        return next((f for f in self.files.all() if f.kind == kind and f.module_key == module_key and f.language == language), None)

    def files_in(self, language):
        return [f for f in self.files.all() if f.language == language]


class ReleaseFile(models.Model):
    PACK = "pack"
    SCORM = "scorm"
    MOODLE_XML = "moodle_xml"
    COMMON_CARTRIDGE = "common_cartridge"
    CMI5 = "cmi5"
    # Every SCORM package of one language plus its Moodle XML in one zip: what an LMS administrator downloads.
    LMS_BUNDLE = "lms_bundle"
    KINDS = [(PACK, _("Pack (zip with offline copy)")), (SCORM, _("SCORM 1.2 package")), (MOODLE_XML, _("Moodle XML question bank")),
             (COMMON_CARTRIDGE, _("IMS Common Cartridge 1.1")), (CMI5, _("cmi5 course package")),
             (LMS_BUNDLE, _("LMS bundle (every SCORM package and the Moodle XML)"))]

    release = models.ForeignKey(KitRelease, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=KINDS)
    module_key = models.UUIDField(null=True, blank=True)
    module_code = models.CharField(max_length=30, blank=True)
    # The module's title in the release snapshot (copied from the manifest, like the code).
    module_title = models.CharField(max_length=255, blank=True)
    # The language of the download (BCP 47); the pack itself carries every language and names the source one.
    language = models.CharField(max_length=35, default="en")
    filename = models.CharField(max_length=200)
    storage_name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["release", "pk"]  # pack, then SCORM per module, then Moodle XML: the order they are built
        constraints = [
            models.UniqueConstraint(fields=["release", "filename"], name="release_filename_once"),
        ]
