"""Public catalogue of releases for outside regions: HTML, JSON API, Atom feed, downloads, diffs.
No login needed; releases are immutable, so responses are cacheable."""

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..learning.read_models import kit_self_assessments
from ..models import KitRelease, ReleaseFile
from .diff import diff_manifests
from .serialise import kept_for_assessment


def releases_by_kit():
    """Every release with its files in two queries, grouped by kit, newest first."""
    releases = KitRelease.objects.defer("manifest").prefetch_related("files").order_by("kit_title", "kit_key", "-major", "-minor", "-patch")
    kits = {}
    for release in releases:
        kits.setdefault(release.kit_key, []).append(release)
    return list(kits.values())


def download_url(request, release, item):
    return request.build_absolute_uri(reverse("pack_download", args=[release.kit_slug, release.version, item.filename]))


@require_GET
def catalogue(request):
    kits = releases_by_kit()
    for releases in kits:
        releases[0].kept_for_assessment = kept_for_assessment(releases[0].kit) if releases[0].kit else 0
        releases[0].activities = kit_self_assessments(releases[0].kit) if releases[0].kit else []
    return render(request, "modules/catalogue.html", {"kits": kits})


@require_GET
def catalogue_api(request):
    """Stable JSON for other servers: see docs/pack-format.md, section "Catalogue API"."""
    kits = []
    for releases in releases_by_kit():
        latest = releases[0]
        kits.append({
            "id": str(latest.kit_key), "slug": latest.kit_slug, "title": latest.kit_title, "latest_version": latest.version,
            "releases": [{
                "version": release.version, "created": release.created_at.isoformat(), "notes": release.notes,
                "languages": release.language_list, "licence": release.licence, "manifest_sha256": release.manifest_sha256,
                "compare_url": request.build_absolute_uri(reverse("pack_compare", args=[release.kit_slug])),
                "downloads": [{
                    "kind": item.kind, "module_id": str(item.module_key) if item.module_key else None, "module_code": item.module_code or None,
                    "filename": item.filename, "size": item.size, "sha256": item.sha256, "content_type": item.content_type,
                    "url": download_url(request, release, item),
                } for item in release.files.all()],
            } for release in releases],
        })
    return JsonResponse({"api_version": 1, "kits": kits}, json_dumps_params={"indent": 1})


@require_GET
def download(request, kit_slug, version, filename):
    item = get_object_or_404(ReleaseFile.objects.select_related("release"), release__kit_slug=kit_slug, release__version=version, filename=filename)
    try:
        stream = default_storage.open(item.storage_name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("This download is missing from storage.")) from error
    response = FileResponse(stream, as_attachment=True, filename=item.filename, content_type=item.content_type)
    response["Content-Length"] = str(item.size)
    response["ETag"] = f'"{item.sha256}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Checksum-SHA256"] = item.sha256
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


class ReleaseFeed(Feed):
    feed_type = Atom1Feed
    title = "elearn · S3-4AlpClusters kit releases"
    subtitle = "New releases of the S3-4AlpClusters training kits, with download links and checksums."

    def link(self):
        return reverse("pack_catalogue")

    def items(self):
        return KitRelease.objects.defer("manifest").prefetch_related("files").order_by("-created_at")[:50]

    def item_title(self, item):
        return f"{item.kit_title} {item.version}"

    def item_description(self, item):
        sums = "; ".join(f"{f.filename} sha256 {f.sha256}" for f in item.files.all())
        return f"{item.notes}\n\n{sums}"

    def item_link(self, item):
        return reverse("pack_catalogue") + f"#{item.kit_slug}-{item.version}"

    def item_guid(self, item):
        return f"urn:uuid:{item.kit_key}:{item.version}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at
