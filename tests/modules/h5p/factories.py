"""H5P test factories: activities stored the way modules/h5p/storage.py lays them out (straight from
builders.py files, so player tests need neither the upload pipeline nor pyh5p), xAPI statements and
posts, and the admin upload form."""

import hashlib
import json
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.h5p.signing import sign_activity
from modules.models import H5PActivity, LessonPage

from .builders import elearn_check_files, zip_files

ADD_URL = "/admin/snippets/modules/h5pactivity/add/"

MC = "H5P.MultiChoice 1.16"
# Option 1 is the only right one: a single-answer question, max 1.
MC_CONTENT = {"question": "<p>Which helix does the quadruple helix add?</p>", "behaviour": {"type": "auto"},
              "answers": [{"text": "Venture capital", "correct": False}, {"text": "Civil society", "correct": True}]}


def store_activity(files=None, *, status="ready", approved=True):
    """An H5PActivity with its libraries, files written through default_storage:
    <content prefix>/h5p.json, <content prefix>/content/..., <library prefix>/library.json, ..."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from modules.models import H5PActivity, H5PLibrary

    files = files or elearn_check_files()
    sha256 = hashlib.sha256(zip_files(files)).hexdigest()

    def write(name, data):
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))

    libraries = []
    folders = sorted({name.split("/", 1)[0] for name in files if "/" in name and not name.startswith("content/")})
    for folder in folders:
        library_files = {name[len(folder) + 1:]: data for name, data in files.items() if name.startswith(folder + "/")}
        meta = json.loads(library_files["library.json"])
        content_hash = hashlib.sha256(b"".join(path.encode() + hashlib.sha256(data).digest()
                                               for path, data in sorted(library_files.items()))).hexdigest()
        library, created = H5PLibrary.objects.get_or_create(
            machine_name=meta["machineName"], major_version=meta["majorVersion"], minor_version=meta["minorVersion"],
            patch_version=meta["patchVersion"], content_hash=content_hash,
            defaults={"title": meta["title"], "runnable": bool(meta.get("runnable")), "metadata": meta, "approved": approved,
                      "storage_prefix": f"h5p/libraries/{folder}-{meta['patchVersion']}-{content_hash[:12]}"},
        )
        if created:
            for path, data in library_files.items():
                write(f"{library.storage_prefix}/{path}", data)
        libraries.append(library)

    prefix = f"h5p/content/{sha256[:32]}"
    for name, data in files.items():
        if name == "h5p.json" or name.startswith("content/"):
            write(f"{prefix}/{name}", data)
    meta = json.loads(files["h5p.json"])
    main = next(dep for dep in meta["preloadedDependencies"] if dep["machineName"] == meta["mainLibrary"])
    activity = H5PActivity.objects.create(
        title=meta["title"], main_library=f"{main['machineName']} {main['majorVersion']}.{main['minorVersion']}",
        package_sha256=sha256, package_storage_name=f"h5p/packages/{sha256}.h5p", content_storage_prefix=prefix,
        h5p_json=meta, content_json=json.loads(files["content/content.json"]), status=status,
    )
    activity.libraries.set(libraries)
    return activity


PLACEMENT_LESSON = "project-at-a-glance"   # a live lesson of ITG T1 (/itg-t1/sh-1/project-at-a-glance/)


def make_activity(main_library=MC, content=MC_CONTENT, required_score=100, status=H5PActivity.READY, title="Quadruple helix",
                  placed=True):
    """An activity (no files), placed in a live lesson unless `placed` is False: the xAPI endpoint
    records results only for activities a learner can reach."""
    sha = uuid.uuid4().hex * 2
    activity = H5PActivity.objects.create(
        title=title, main_library=main_library, package_sha256=sha, package_storage_name=f"h5p/{sha}.h5p",
        content_storage_prefix=f"h5p/content/{sha}/", h5p_json={"mainLibrary": main_library.split()[0]},
        content_json=content, status=status, required_score=required_score,
    )
    if placed:
        place_in_lesson(activity)
    return activity


def place_in_lesson(*activities, slug=PLACEMENT_LESSON):
    """Add an h5p block per activity to the lesson's stored body (as a published page holds it)."""
    lesson = LessonPage.objects.get(slug=slug)
    body = list(lesson.body.raw_data) + [
        {"type": "h5p", "value": {"activity": a.pk}, "id": str(uuid.uuid4())} for a in activities
    ]
    # Write the stored JSON directly, whatever the block's form logic.
    LessonPage.objects.filter(pk=lesson.pk).update(body=body)
    return LessonPage.objects.get(pk=lesson.pk)


def statement(activity, response="1", raw=1, maximum=1, verb="answered", object_id=None):
    return {
        "actor": {"objectType": "Agent", "mbox": "mailto:lena@example.org"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": object_id or f"http://testserver/h5p/activities/{activity.key}/"},
        "result": {"score": {"min": 0, "raw": raw, "max": maximum, "scaled": round(raw / maximum, 4)},
                   "completion": True, "response": response},
    }


def client_user(client):
    """The user the test client is logged in as, or None."""
    from django.contrib.auth import get_user_model

    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def player_token(activity, user):
    """The token a lesson page issues to `user` with the activity's player (data-xapi-token)."""
    return sign_activity(activity, user)


def post(client, activity, body, raw_body=None, **extra):
    """POST to the activity's xAPI endpoint. A dict body without "token" gets the one the lesson
    page would have issued to the client's user, as lesson.js sends it."""
    if raw_body is None and isinstance(body, dict) and "token" not in body:
        body = {"token": player_token(activity, client_user(client)), **body}
    data = raw_body if raw_body is not None else json.dumps(body)
    return client.post(f"/h5p/activities/{activity.key}/xapi/", data=data, content_type="application/json", **extra)


def upload(client, data, name="helix-check.h5p", url=ADD_URL, **fields):
    form = {"title": "", "licence": "", "authors": "", "required_score": 100, **fields,
            "package": SimpleUploadedFile(name, data, "application/zip")}
    return client.post(url, form)


def uploaded_by(client, user, data):
    """The activity `user` creates by uploading `data` through the admin form (then signed out)."""
    client.force_login(user)
    assert upload(client, data).status_code == 302
    client.logout()
    return H5PActivity.objects.get()
