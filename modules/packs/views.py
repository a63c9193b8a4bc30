"""Public catalogue of releases for outside regions: HTML, JSON API, Atom feed, downloads, diffs.
No login needed; releases are immutable, so responses are cacheable."""

import re
import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models.fields.json import KeyTransform
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.http import content_disposition_header, parse_http_date_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET, require_safe

from ..learning.read_models import kit_self_assessments
from ..licences import licence_name, licence_url
from ..models import KitPage, KitRelease, ReleaseFile
from .diff import diff_manifests
from .manifest import DEFAULT_AUTHORS
from .serialise import kept_for_assessment

API_VERSION = 1
# Atom entry ids: UUIDv5 of (this namespace, kit id, version). The same release has the same id on
# every server and under every host name; no two releases share one (RFC 4287 section 4.2.6).
RELEASE_ID_NAMESPACE = uuid.UUID("5f0c2f38-9b1e-5c52-8a43-3c6d1b0e4a71")
LANGUAGE_SCHEME = "urn:ietf:params:lang"  # category scheme of the BCP 47 tags in the feed


def with_manifest_facts(releases):
    """Releases without their manifest (it weighs hundreds of kB), but with the two facts listings show
    from it, read by the database: the authors and the languages the release carries."""
    return releases.defer("manifest").annotate(
        manifest_authors=KeyTransform("authors", "manifest"), manifest_languages=KeyTransform("languages", "manifest"))


def release_languages(release):
    """BCP 47 tags of the languages a release carries: the manifest's own `languages` list (releases that
    carry translations), else the kit's languages as cut, else English. Tolerates a manifest without them."""
    tags = release.manifest_languages if hasattr(release, "manifest_languages") else release.manifest.get("languages")
    if not isinstance(tags, list):
        tags = []
    tags = [tag.get("code") if isinstance(tag, dict) else tag for tag in tags]
    tags = [tag for tag in tags if isinstance(tag, str) and tag]
    return tags or release.language_list or ["en"]


def release_authors(release):
    authors = release.manifest_authors if hasattr(release, "manifest_authors") else release.manifest.get("authors")
    names = [a["name"] for a in authors or [] if isinstance(a, dict) and a.get("name")]
    return names or [a["name"] for a in DEFAULT_AUTHORS]


def language_name(tag):
    """The language's name in the active language, capitalised as a list item (Django's catalogues differ)."""
    try:
        return str(capfirst(get_language_info(tag)["name_translated"]))
    except KeyError:
        return tag


def releases_by_kit():
    """Every release with its files in two queries, grouped by kit, newest first."""
    releases = with_manifest_facts(KitRelease.objects.prefetch_related("files")).order_by("kit_title", "kit_key", "-major", "-minor", "-patch")
    kits = {}
    for release in releases:
        release.language_tags = release_languages(release)
        kits.setdefault(release.kit_key, []).append(release)
    return list(kits.values())


def download_url(request, release, item):
    return request.build_absolute_uri(reverse("pack_download", args=[release.kit_slug, release.version, item.filename]))


def canonical_url(path):
    """`path` on the site's public base URL (ELEARN_BASE_URL), whatever host the request came in on."""
    return settings.SITE_BASE_URL + path


def feed_id():
    """The feed's own atom:id: ELEARN_FEED_ID, else a UUIDv5 of the site's base URL. It never follows the
    request's Host header, so a reader reaching the site under another name sees the same feed."""
    return settings.ELEARN_FEED_ID or f"urn:uuid:{uuid.uuid5(RELEASE_ID_NAMESPACE, 'feed:' + settings.SITE_BASE_URL)}"


def download_languages(release, item):
    """The BCP 47 tags of the languages a download carries: the pack every language of its release
    (source first), any other download its one language."""
    return release.language_tags if item.kind == ReleaseFile.PACK else [item.language]


def feed_hreflang(item):
    """A download's hreflang in the feed: its language; none for the pack, which carries them all."""
    return None if item.kind == ReleaseFile.PACK else item.language


def catalogue_anchor(release):
    return f"{release.kit_slug}-{release.version}"


# The downloads of the "Use it in your LMS" card, in the order a person reads them.
LMS_KINDS = (ReleaseFile.SCORM, ReleaseFile.MOODLE_XML, ReleaseFile.COMMON_CARTRIDGE, ReleaseFile.CMI5)


def lms_groups(release):
    """The release's LMS downloads grouped by language (source first, then the release's order): per
    language the one-zip bundle, when the release has it (releases cut before it existed do not), and
    the files one by one. A language without files (only the kit's title translated) has no group."""
    order = {tag: number for number, tag in enumerate(release.language_tags)}
    groups = {}
    for item in release.files.all():  # prefetched
        if item.kind == ReleaseFile.LMS_BUNDLE:
            groups.setdefault(item.language, {"bundle": None, "files": []})["bundle"] = item
        elif item.kind in LMS_KINDS:
            groups.setdefault(item.language, {"bundle": None, "files": []})["files"].append(item)
    return [{"language": tag, "name": language_name(tag), **group}
            for tag, group in sorted(groups.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0]))]


def attribution_line(release):
    """A ready CC BY attribution (title, author, source, licence) for the release, in the page's language."""
    return _("“%(title)s”, version %(version)s, by %(authors)s (%(project)s project, Interreg Alpine Space), "
             "%(source)s, licensed under %(licence)s: %(licence_url)s") % {
        "title": release.kit_title, "version": release.version, "authors": ", ".join(release_authors(release)),
        "project": settings.ELEARN_FUNDING["acronym"], "source": canonical_url(reverse("pack_catalogue") + "#" + catalogue_anchor(release)),
        "licence": licence_name(release.licence), "licence_url": licence_url(release.licence)}


def kits_without_release(released_keys):
    """Published kits (in the site's source language) that have no release yet: the catalogue names them."""
    return (KitPage.objects.live().public().in_source_language()
            .exclude(translation_key__in=released_keys).defer_streamfields().order_by("title"))


@require_GET
def catalogue(request):
    kits = releases_by_kit()
    # Each kit under its title in the reader's language where the kit page is translated (one query).
    titles = dict(KitPage.objects.live().filter(
        translation_key__in=[releases[0].kit_key for releases in kits], locale__language_code=translation.get_language(), alias_of__isnull=True,
    ).values_list("translation_key", "title"))
    for releases in kits:
        releases[0].display_title = titles.get(releases[0].kit_key, releases[0].kit_title)
        releases[0].kept_for_assessment = kept_for_assessment(releases[0].kit) if releases[0].kit else 0
        releases[0].activities = kit_self_assessments(releases[0].kit) if releases[0].kit else []
        for release in releases:
            release.language_names = [language_name(tag) for tag in release.language_tags]
            for item in release.files.all():  # the prefetched rows the template lists
                item.language_names = [language_name(tag) for tag in download_languages(release, item)]
            release.pack = next((item for item in release.files.all() if item.kind == ReleaseFile.PACK), None)
            release.pack_url = canonical_url(reverse("pack_download", args=[release.kit_slug, release.version, release.pack.filename])) if release.pack else "…"
            release.lms_groups = lms_groups(release)
            release.attribution = attribution_line(release)
            release.licence_name, release.licence_url = licence_name(release.licence), licence_url(release.licence)
    unreleased = list(kits_without_release([releases[0].kit_key for releases in kits]))
    return render(request, "modules/catalogue.html", {"kits": kits, "unreleased": unreleased})


@require_GET
def catalogue_api(request):
    """Stable JSON for other servers: every field is documented in docs/pack-format.md, "Catalogue API".
    Fields may be added within an api_version; none is renamed, retyped or removed."""
    kits = []
    for releases in releases_by_kit():
        latest = releases[0]
        kits.append({
            "id": str(latest.kit_key), "slug": latest.kit_slug, "title": latest.kit_title, "latest_version": latest.version,
            "releases": [{
                "version": release.version, "created": release.created_at.isoformat(), "notes": release.notes,
                "notes_translations": release.notes_translations,
                "languages": release.language_tags, "licence": release.licence, "manifest_sha256": release.manifest_sha256,
                "catalogue_url": request.build_absolute_uri(reverse("pack_catalogue") + "#" + catalogue_anchor(release)),
                "compare_url": request.build_absolute_uri(reverse("pack_compare", args=[release.kit_slug])),
                "downloads": [{
                    "kind": item.kind, "module_id": str(item.module_key) if item.module_key else None, "module_code": item.module_code or None,
                    "module_title": item.module_title or None,
                    "filename": item.filename, "size": item.size, "sha256": item.sha256, "content_type": item.content_type,
                    "url": download_url(request, release, item), "language": item.language,
                    "languages": download_languages(release, item),
                } for item in release.files.all()],
            } for release in releases],
        })
    return JsonResponse({"api_version": API_VERSION, "kits": kits}, json_dumps_params={"indent": 1})


# Downloads: immutable files, so one strong validator (the SHA-256) and a year of caching. GET and HEAD
# (the same headers, no body), conditional requests (304) and one byte range (206) or none (416),
# read through the storage API only: the file may live on S3-compatible object storage.

def _release_file(request, kit_slug, version, filename):
    """The download asked for, looked up once per request (the validators and the view all need it)."""
    key = (kit_slug, version, filename)
    if getattr(request, "_release_file_key", None) != key:
        request._release_file_key = key
        request._release_file = (ReleaseFile.objects.select_related("release")
                                 .filter(release__kit_slug=kit_slug, release__version=version, filename=filename).first())
    return request._release_file


def _download_etag(request, kit_slug, version, filename):
    item = _release_file(request, kit_slug, version, filename)
    return f'"{item.sha256}"' if item else None


def _download_last_modified(request, kit_slug, version, filename):
    item = _release_file(request, kit_slug, version, filename)
    return item.release.created_at if item else None


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def requested_range(header, size):
    """One byte range of `Range: bytes=…` as (start, end) inclusive, per RFC 9110 section 14.1.2.
    None: serve the whole file (no header, a syntax we do not parse, or several ranges, which a server may
    refuse to split). "unsatisfiable": the range starts at or beyond the end of the file."""
    if not header or "," in header:
        return None
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # a suffix: the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # invalid: ignored, the whole file is sent
    if start >= size:
        return "unsatisfiable"
    end = int(last) if last else size - 1
    return start, min(end, size - 1)  # a range across the end of the file ends at its last byte


def _if_range_matches(request, item):
    """If-Range: serve the range only if the client's copy is this one (strong ETag or the exact date)."""
    value = request.headers.get("If-Range")
    if not value:
        return True
    if value.startswith('"'):
        return value == f'"{item.sha256}"'
    since = parse_http_date_safe(value)
    return since is not None and since == int(item.release.created_at.timestamp())


class _Slice:
    """A file from storage, read from `start` for `length` bytes and closed after; FileResponse streams it."""

    def __init__(self, stream, start, length):
        self.stream, self.remaining = stream, length
        if start:
            stream.seek(start)

    def read(self, size=-1):
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.stream.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.stream.close()


def _download_headers(response, item):
    response["Content-Type"] = item.content_type
    response["Content-Disposition"] = content_disposition_header(True, item.filename)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Checksum-SHA256"] = item.sha256
    return response


def _immutable_on_304(view):
    """A 304 carries the Cache-Control the 200 would have (RFC 9110 section 15.4.5)."""
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 304:
            response["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
    return wrapped


@require_safe
@_immutable_on_304
@condition(etag_func=_download_etag, last_modified_func=_download_last_modified)
def download(request, kit_slug, version, filename):
    item = _release_file(request, kit_slug, version, filename)
    if item is None:
        raise Http404
    if request.method == "HEAD":
        if not default_storage.exists(item.storage_name):
            raise Http404(_("This download is missing from storage."))
        response = _download_headers(HttpResponse(), item)
        response["Content-Length"] = str(item.size)
        return response
    span = requested_range(request.headers.get("Range"), item.size) if _if_range_matches(request, item) else None
    if span == "unsatisfiable":
        response = _download_headers(HttpResponse(status=416), item)
        response["Content-Range"] = f"bytes */{item.size}"
        return response
    start, end = span or (0, item.size - 1)
    try:
        stream = default_storage.open(item.storage_name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("This download is missing from storage.")) from error
    response = FileResponse(_Slice(stream, start, end - start + 1), status=206 if span else 200)
    _download_headers(response, item)
    response["Content-Length"] = str(end - start + 1)
    if span:
        response["Content-Range"] = f"bytes {start}-{end}/{item.size}"
    return response


@require_GET
def compare(request, kit_slug):
    releases = list(KitRelease.objects.filter(kit_slug=kit_slug).defer("manifest").order_by("-major", "-minor", "-patch"))
    if not releases:
        raise Http404
    versions = [r.version for r in releases]
    new_version = request.GET.get("to") or versions[0]
    old_version = request.GET.get("from") or (versions[1] if len(versions) > 1 else versions[0])
    if old_version not in versions or new_version not in versions:
        return render(request, "modules/compare.html", {"releases": releases, "error": _("Choose two releases of this kit.")}, status=400)
    old = KitRelease.objects.get(kit_slug=kit_slug, version=old_version)
    new = KitRelease.objects.get(kit_slug=kit_slug, version=new_version)
    context = {"releases": releases, "old": old, "new": new, "diff": diff_manifests(old.manifest, new.manifest)}
    return render(request, "modules/compare.html", context)


class ReleaseAtomFeed(Atom1Feed):
    """Django's Atom writer, with what RFC 4287 and the W3C Feed Validator ask of our entries: every
    author, a plain-text summary (Django writes type="html", which turns a note's `&` or `<b>` into
    markup), one enclosure link per download with its type, length and name, and the languages."""

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("link", "", {"rel": "alternate", "type": "text/html", "href": item["link"]})
        for download in item["downloads"]:
            handler.addQuickElement("link", "", {"rel": "enclosure", **{k: v for k, v in download.items() if v}})
        handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        for tag in item["languages"]:
            handler.addQuickElement("category", "", {"scheme": LANGUAGE_SCHEME, "term": tag, "label": language_name(tag)})
        handler.addQuickElement("summary", item["summary"], {"type": "text"})
        handler.addQuickElement("rights", item["item_copyright"])


def latest_release_time(request):
    return KitRelease.objects.order_by("-created_at").values_list("created_at", flat=True).first()


class ReleaseFeed(Feed):
    """Atom 1.0 (RFC 4287) feed of the 50 newest releases; validated in tests/modules/packs/test_feed.py."""

    feed_type = ReleaseAtomFeed
    language = "en"  # the feed's own texts are English; each entry lists the languages of its release
    title = "elearn · S3-4AlpClusters kit releases"
    subtitle = "New releases of the S3-4AlpClusters training kits, with download links and checksums."
    author_name = DEFAULT_AUTHORS[0]["name"]

    def __init__(self, request):
        self.request = request  # one feed object per request (see release_feed): download URLs need it

    def __call__(self, request, *args, **kwargs):
        with translation.override(self.language):
            return condition(last_modified_func=latest_release_time)(super().__call__)(request, *args, **kwargs)

    def link(self):
        return canonical_url(reverse("pack_catalogue"))

    def feed_url(self):
        return canonical_url(reverse("pack_feed"))

    def feed_guid(self):
        return feed_id()

    def items(self):
        return with_manifest_facts(KitRelease.objects.prefetch_related("files")).order_by("-created_at")[:50]

    def item_title(self, item):
        return f"{item.kit_title} {item.version}"

    def item_description(self, item):
        return None  # the summary is written as text by ReleaseAtomFeed

    def item_link(self, item):
        return canonical_url(reverse("pack_catalogue") + "#" + catalogue_anchor(item))

    def item_guid(self, item):
        return f"urn:uuid:{release_entry_uuid(item)}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at  # releases are immutable

    def item_copyright(self, item):
        return f"Licence: {item.licence}"

    def item_extra_kwargs(self, item):
        files = list(item.files.all())
        notes = item.localised_notes.strip()
        lines = [notes] if notes else []
        lines += [f"{f.filename}: {f.size} bytes, SHA-256 {f.sha256}" for f in files]
        downloads = [{
            "href": canonical_url(reverse("pack_download", args=[item.kit_slug, item.version, f.filename])), "type": f.content_type,
            "length": str(f.size), "hreflang": feed_hreflang(f),
            "title": " · ".join(part for part in (str(f.get_kind_display()), f.module_code, language_name(f.language) if feed_hreflang(f) else "")
                                if part),
        } for f in files]
        return {"summary": "\n".join(lines), "downloads": downloads, "authors": release_authors(item), "languages": release_languages(item)}


@require_safe
def release_feed(request):
    return ReleaseFeed(request)(request)


def release_entry_uuid(release):
    return uuid.uuid5(RELEASE_ID_NAMESPACE, f"{release.kit_key}/{release.version}")
