"""H5P activities as lesson requirements: a lesson is done only when the learner has passed
every H5P activity placed in it (an `h5p` block whose value is {"activity": <pk>, …}).

Only playable activities count: a block whose activity was deleted, or waits for a maintainer to
approve its libraries, cannot be played, so it must not trap the learner in the lesson.
Reads take at most two queries, whatever the number of lessons and activities."""

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast

from ..models import H5PActivity, ItemProgress, KitModule, LessonPage
from ..learning.records import record_lesson_completed

BLOCK_TYPE = "h5p"


def h5p_activity_ids(body):
    """Activity pks of the h5p blocks in a lesson body (a StreamValue), in page order. Reads the
    raw block data so no activity is loaded; block types the site does not define are ignored
    by Wagtail and so are ignored here, as they are not shown either."""
    ids = []
    for block in getattr(body, "raw_data", None) or ():
        value = block.get("value") if isinstance(block, dict) and block.get("type") == BLOCK_TYPE else None
        activity = value.get("activity") if isinstance(value, dict) else None
        if isinstance(activity, str) and activity.isdigit():
            activity = int(activity)
        if isinstance(activity, int) and not isinstance(activity, bool) and activity not in ids:
            ids.append(activity)
    return ids


def required_activities(user, activity_ids):
    """The playable activities among `activity_ids`, each annotated with `passed` for the user."""
    passed = ItemProgress.objects.filter(user=user, item_key=OuterRef("key"), kind=ItemProgress.H5P, passed=True)
    return H5PActivity.objects.filter(pk__in=activity_ids, status=H5PActivity.READY).annotate(passed=Exists(passed))


def pending_activities(user, lesson):
    """Activities in the lesson the user has not passed yet; no query for a lesson without any."""
    ids = h5p_activity_ids(lesson.body)
    if not ids or not getattr(user, "is_authenticated", False):
        return []
    return [a for a in required_activities(user, ids).only("pk", "key", "title") if not a.passed]


def lessons_using(activity):
    """Live lessons with an h5p block for this activity. The database narrows to bodies holding
    an h5p block at all (a text match works alike on SQLite and PostgreSQL); Python confirms."""
    candidates = (
        LessonPage.objects.live().annotate(body_text=Cast("body", TextField()))
        .filter(body_text__contains=f'"{BLOCK_TYPE}"')
    )
    return [lesson for lesson in candidates if activity.pk in h5p_activity_ids(lesson.body)]


def viewable_lessons_using(activity, request):
    """The live lessons with this activity that `request.user` may open: the lesson and its module
    live, the module placed in a live kit, and no Wagtail view restriction on the lesson, its
    module or that kit refusing the request. A result counts only for an activity placed in one
    (xapi.check_placement): a learner cannot score an activity they cannot reach."""
    viewable = []
    for lesson in lessons_using(activity):
        module = lesson.get_parent()
        if module is None or not module.live:
            continue
        links = (KitModule.objects.filter(module__translation_key=module.translation_key, module__live=True, page__live=True)
                 .select_related("page"))
        kits = [link.page for link in links]
        if not kits or not _accepts(lesson, request):
            continue
        if any(_accepts(kit, request) for kit in kits):
            viewable.append(lesson)
    return viewable


def _accepts(page, request):
    # get_view_restrictions covers the page and its ancestors (the module above a lesson).
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def complete_lessons_using(user, activity):
    """Mark done, for the user, every lesson using `activity` whose activities are now all passed.
    Two queries to decide, then one idempotent write per lesson completed."""
    lessons = lessons_using(activity)
    if not lessons:
        return []
    needed = {lesson.pk: h5p_activity_ids(lesson.body) for lesson in lessons}
    all_ids = {pk for ids in needed.values() for pk in ids}
    status = dict(required_activities(user, all_ids).values_list("pk", "passed"))
    completed = []
    for lesson in lessons:
        # Missing from `status`: not playable, so not required (see the module docstring).
        if all(status.get(pk, True) for pk in needed[lesson.pk]):
            record_lesson_completed(user, lesson)
            completed.append(lesson)
    return completed
