"""xAPI statements posted by the lesson page: `check_*` read and refuse, `do_*` write.

A statement counts only when it is about this activity as a whole (never one of its parts), uses
a scoring verb, and carries a coherent score. The score that counts is computed on the server
when the content type allows it (scoring.py, scored_by "server"); otherwise the browser's score is
kept, clamped and marked "browser". Results always belong to the logged-in learner: the
statement's actor is never read. Everything is recorded in one transaction, so a refusal or an
error stores nothing.

Before any of that, the request must earn the right to report on this activity at all
(check_player_token, check_placement): it carries the player token the lesson page issued to this
learner for this activity (signing.py; unexpired), and the activity is placed in a live lesson the
learner may open. A forged post for an activity in an unpublished lesson, in no lesson, or with a
token of another learner or activity stores nothing.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import signing as django_signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import ElearnError
from ..files import json as safe_json
from ..files.errors import UnsafeJSON
from ..interop import signals
from ..learning.records import record_h5p_result
from ..models import H5PActivity, H5PResult
from . import scoring
from .requirements import complete_lessons_using, viewable_lessons_using
from .signing import read_token

MAX_BODY_BYTES = 64 * 1024
MAX_CHILDREN = 200
# H5PResult stores scores as DECIMAL(9, 3); no H5P content comes near this.
MAX_SCORE = 100_000
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ACCEPTED_VERBS = {ADL_VERBS + verb for verb in ("answered", "completed", "passed", "failed")}


class XAPIError(ElearnError):
    """An H5P result refused as sent (400 unless a subclass says)."""


class ActivityNotFound(XAPIError):
    status = 404


class NotAllowed(XAPIError):
    status = 403


@dataclass(frozen=True)
class RecordedResult:
    result: H5PResult
    percent: Decimal
    scored_by: str
    passed: bool            # this statement reached the activity's required score
    activity_passed: bool   # the learner has passed the activity (now or before)
    best_percent: Decimal
    lessons_completed: tuple = ()


def check_playable_activity(key):
    activity = H5PActivity.objects.filter(key=key).first()
    if activity is None:
        raise ActivityNotFound(_("This activity does not exist."))
    if not activity.is_playable:
        raise XAPIError(_("This activity is waiting for a maintainer to approve its libraries."))
    return activity


def check_player_token(token, activity, user):
    """Refuse (403) unless `token` is an unexpired player token issued to `user` for `activity`."""
    try:
        grant = read_token(token)
    except django_signing.SignatureExpired:
        raise NotAllowed(_("This activity was opened too long ago to record its result: reload the lesson page and try again.")) from None
    except django_signing.BadSignature:
        raise NotAllowed(_("This result does not come from the activity as it was shown to you: reload the lesson page.")) from None
    if not grant.is_for(activity, user):
        raise NotAllowed(_("This result does not come from the activity as it was shown to you: reload the lesson page."))
    return grant


def check_placement(activity, request):
    """Refuse (403) unless the activity is placed in a live lesson the learner may open."""
    if not viewable_lessons_using(activity, request):
        raise NotAllowed(_("This activity is not part of a lesson you can open, so its result is not recorded."))


def parse_payload(body):
    """(statement, children, token) from the raw request body,
    {"token": "...", "statement": {...}, "children": [...]}."""
    if len(body) > MAX_BODY_BYTES:
        raise XAPIError(_("The statement is larger than the %(limit)d KiB allowed.") % {"limit": MAX_BODY_BYTES // 1024})
    try:
        # One loader for untrusted JSON (files/json.py): depth-limited, no NaN or Infinity.
        data = safe_json.loads(body, entry="statement", max_bytes=MAX_BODY_BYTES)
    except UnsafeJSON as error:
        raise XAPIError(error.message if error.rule == "json-too-deep" else _("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise XAPIError(_("The body must be a JSON object with a statement."))
    children = data.get("children") or []
    if not isinstance(children, list):
        raise XAPIError(_("“children” must be a list of statements."))
    return data.get("statement"), children, data.get("token")


def activity_object_path(activity):
    """The path of the activity's own xAPI object id, /h5p/activities/<key>/ (the player sets
    xAPIObjectIRI to it), derived from this endpoint so both follow the same mount point."""
    return reverse("h5p_xapi", args=[activity.key]).removesuffix("xapi/")


def _is_activity_iri(url, activity, host):
    # Compare host and path only: behind a TLS-terminating proxy the scheme the player saw may
    # differ from the one Django sees. A trailing slash is optional. The host is the request's
    # (works behind any test server) or the site's configured base URL, which the player uses to
    # build xAPIObjectIRI (modules/h5p/player.py object_iri): both name this site.
    parts = urlsplit(url)
    hosts = {host.lower(), urlsplit(settings.SITE_BASE_URL).netloc.lower()}
    expected = activity_object_path(activity).rstrip("/")
    return (parts.scheme in ("http", "https") and parts.netloc.lower() in hosts
            and parts.path.rstrip("/") == expected and not parts.fragment)


def check_statement(activity, statement, host):
    """Refuse (XAPIError) anything but a scored statement about this activity as a whole."""
    if not isinstance(statement, dict):
        raise XAPIError(_("The statement must be a JSON object."))
    verb = statement.get("verb")
    if not isinstance(verb, dict) or verb.get("id") not in ACCEPTED_VERBS:
        raise XAPIError(_("Only answered, completed, passed and failed statements are recorded."))
    obj = statement.get("object")
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(object_id, str):
        raise XAPIError(_("The statement does not name its activity."))
    if "subcontentid=" in object_id.lower() or _parent_of(statement):
        # A question inside a set reports its own partial score: it only counts through its parent.
        raise XAPIError(_("A statement about part of an activity cannot be recorded on its own."))
    if urlsplit(object_id).query or not _is_activity_iri(object_id, activity, host):
        raise XAPIError(_("The statement is about another activity."))
    return check_score(statement)


def _parent_of(statement):
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    return isinstance(activities, dict) and bool(activities.get("parent"))


def check_score(statement):
    """(raw, max) from result.score: numbers with 0 <= raw <= max, max > 0, min 0 if given,
    and scaled, if given, within 0..1 and equal to raw / max (H5P rounds it to 4 places)."""
    result = statement.get("result")
    score = result.get("score") if isinstance(result, dict) else None
    if not isinstance(score, dict):
        raise XAPIError(_("The statement has no score."))
    raw, maximum = score.get("raw"), score.get("max")
    if not (_is_number(raw) and _is_number(maximum)):
        raise XAPIError(_("The score needs numeric “raw” and “max” values."))
    if not 0 < maximum <= MAX_SCORE:
        raise XAPIError(_("The maximum score must be above 0 and at most %(max)d.") % {"max": MAX_SCORE})
    if not 0 <= raw <= maximum:
        raise XAPIError(_("The score must lie between 0 and the maximum score."))
    if "min" in score and not (_is_number(score["min"]) and score["min"] == 0):
        raise XAPIError(_("The minimum score must be 0."))
    if "scaled" in score:
        scaled = score["scaled"]
        if not (_is_number(scaled) and 0 <= scaled <= 1 and abs(scaled - raw / maximum) <= 0.001):
            raise XAPIError(_("The scaled score does not match the raw and maximum scores."))
    return raw, maximum


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_children(activity, children, host):
    """Child statements of a compound activity (a question set): each about one part of this
    activity. Accepts H5P's getXAPIData shape ({"statement": ...}) as well as bare statements."""
    if len(children) > MAX_CHILDREN:
        raise XAPIError(_("Too many child statements."))
    statements = []
    for child in children:
        statement = child.get("statement") if isinstance(child, dict) and "statement" in child else child
        obj = statement.get("object") if isinstance(statement, dict) else None
        object_id = obj.get("id") if isinstance(obj, dict) else None
        if not isinstance(object_id, str):
            raise XAPIError(_("Each child statement must name its part of the activity."))
        sub_ids = parse_qs(urlsplit(object_id).query).get("subContentId", [])
        if len(sub_ids) != 1 or not _is_activity_iri(object_id, activity, host):
            raise XAPIError(_("A child statement is about another activity."))
        statements.append(statement)
    return statements


def do_record_result(user, activity, statement, children=()):
    """Score (on the server when possible), store the result, update the learner's progress and
    complete the lessons this pass finishes. Call check_statement/check_children first."""
    posted_raw, posted_max = check_score(statement)
    try:
        rescored = scoring.rescore(activity.main_library, activity.content_json, statement, children)
    except scoring.InvalidResponse as error:
        raise XAPIError(error.message) from None
    if rescored is not None:
        raw, maximum = rescored
        if not maximum > 0:
            # Content whose weights are all 0: nothing to score, and no percent to compute.
            raise XAPIError(_("This activity gives no points, so there is no score to record."))
        scored_by = H5PResult.SERVER
    else:
        # Checked already; clamping again keeps this function safe on its own.
        raw, maximum = min(max(posted_raw, 0), posted_max), posted_max
        scored_by = H5PResult.BROWSER

    percent = Decimal(str(round(100 * raw / maximum, 1)))
    # Compare unrounded: 99.96 % shows as 100.0 but does not reach a required 100 %.
    passed = 100 * raw >= activity.required_score * maximum
    stored = dict(statement, children=list(children)) if children else statement
    now = timezone.now()
    with transaction.atomic():
        result = H5PResult.objects.create(
            user=user, activity=activity, verb=statement["verb"]["id"][:200], statement=stored,
            raw=Decimal(str(round(raw, 3))), max_score=Decimal(str(round(maximum, 3))),
            percent=percent, scored_by=scored_by,
        )
        signals.h5p_result_recorded.send(sender=H5PResult, user=user, activity=activity, result=result, passed=passed)
        row = record_h5p_result(user, activity, percent, passed, now)
        lessons = complete_lessons_using(user, activity) if passed else ()
    return RecordedResult(result=result, percent=percent, scored_by=scored_by, passed=passed,
                          activity_passed=row.passed, best_percent=row.best_percent, lessons_completed=tuple(lessons))
