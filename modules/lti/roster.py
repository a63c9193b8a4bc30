"""Names and Role Provisioning Services 2.0 (https://www.imsglobal.org/spec/lti-nrps/v2p0): a teacher
who launches a module from a course whose launch carries the NRPS claim sees who in that course
started the module, and their progress.

- `do_remember_course` (at the instructor's launch) keeps the course and its memberships URL and
  grants this browser session the course: the page is reachable only from a validated instructor
  launch of that very course, never by a learner and never for another course.
- `fetch_roster` reads the members through pylti1p3 (token signed with our key, bounded requests),
  page by page within MAX_PAGES and MAX_MEMBERS, and refuses what it cannot read.
- `learners_progress` joins the members to their accounts here (platform registration + `sub`) and to
  their progress on the module (`learning.read_models.module_progress_of`), in a fixed number of
  queries."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from lti_tool.models import LtiUser
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
import requests

from ..learning.read_models import live_item, module_progress_of
from ..models import ModulePage
from .launch import CLAIM, AnswerTooLarge, LtiRefused, platform_session, role_names
from .models import LtiCourse

NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
CONTEXT_CLAIM = CLAIM + "context"
SESSION_KEY = "lti-teaching-courses"
MAX_MEMBERS = 2000
MAX_PAGES = 20
MAX_PAGE_BYTES = 2 * 1024 * 1024  # one page of members, as JSON


def memberships_url(data):
    claim = data.get(NRPS_CLAIM) or {}
    url = claim.get("context_memberships_url") if isinstance(claim, dict) else None
    context = data.get(CONTEXT_CLAIM) or {}
    context_id = context.get("id") if isinstance(context, dict) else None
    if isinstance(url, str) and url.startswith(("http://", "https://")) and len(url) <= 1000 and isinstance(context_id, str) and context_id:
        return url, context_id[:255], str(context.get("title") or "")[:500]
    return None


ACTIVITY_KEY = "lti-teaching-activities"


def do_remember_course(request, registration, data, activity_path):
    """The course of this instructor launch, granted to the session; None without the NRPS claim."""
    found = memberships_url(data)
    if found is None:
        return None
    url, context_id, title = found
    course, _created = LtiCourse.objects.update_or_create(
        registration=registration, context_id=context_id, defaults={"memberships_url": url, "title": title},
    )
    granted = [pk for pk in request.session.get(SESSION_KEY, []) if pk != course.pk]
    request.session[SESSION_KEY] = [*granted[-19:], course.pk]
    request.session[ACTIVITY_KEY] = {**request.session.get(ACTIVITY_KEY, {}), str(course.pk): activity_path}
    return course


def activity_path(request, course):
    return request.session.get(ACTIVITY_KEY, {}).get(str(course.pk))


def find_module(module_key):
    """(source module, the module in the reader's language) or refuse."""
    source = ModulePage.objects.live().filter(translation_key=module_key, locale__language_code=settings.LANGUAGE_CODE).first()
    if source is None:
        raise LtiRefused(_("This module is not published on this site."), status=404)
    return source, live_item(ModulePage, module_key) or source


def check_course_access(request, course_id):
    if not request.user.is_authenticated or course_id not in request.session.get(SESSION_KEY, []):
        raise LtiRefused(_("This page opens from your learning platform, when a teacher opens an activity of this site in their course."))
    course = LtiCourse.objects.select_related("registration").filter(pk=course_id, registration__is_active=True).first()
    if course is None:
        raise LtiRefused(_("This course's platform is no longer connected to this site."))
    return course


def fetch_roster(course):
    """The course's members, page by page (the platform's `Link: rel="next"`), or refuse: the platform
    unavailable or refusing, a page that is not an NRPS membership container, a next page elsewhere
    than the course's own address (our access token goes to that address), or more than MAX_MEMBERS
    members, MAX_PAGES pages or MAX_PAGE_BYTES a page. Nothing is stored either way."""
    connector = ServiceConnector(course.registration.to_registration(), requests_session=platform_session(max_bytes=MAX_PAGE_BYTES))
    service = NamesRolesProvisioningService(connector, {"context_memberships_url": course.memberships_url})
    origin = _origin(course.memberships_url)
    members, url, pages = [], course.memberships_url, 0
    try:
        while url:
            if pages == MAX_PAGES:
                raise _too_long()
            if _origin(url) != origin:
                raise _unreadable()
            data = service.get_nrps_data(members_url=url)
            members.extend(_members_of(data.get("body")))
            if len(members) > MAX_MEMBERS:
                raise _too_long()
            url, pages = data.get("next_page_url"), pages + 1
    except AnswerTooLarge:
        raise _too_long() from None
    except (LtiServiceException, LtiException, requests.RequestException, ValueError, KeyError):
        raise LtiRefused(_("Your learning platform did not give the list of participants. Try again in a few minutes."), status=502) from None
    return members


def _origin(url):
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _members_of(body):
    members = body.get("members") if isinstance(body, dict) else None
    if not isinstance(members, list) or not all(isinstance(member, dict) for member in members):
        raise _unreadable()
    return [member for member in members if isinstance(member.get("user_id"), (str, int)) and str(member["user_id"])]


def _unreadable():
    return LtiRefused(_("Your learning platform sent a list of participants that this site cannot read. "
                        "Send this message to the person who looks after your learning platform."), status=502)


def _too_long():
    return LtiRefused(_("Your course has more participants than this page shows (%(members)s at most, in %(pages)s pages at most).")
                      % {"members": MAX_MEMBERS, "pages": MAX_PAGES}, status=502)


@dataclass
class RosterRow:
    name: str
    progress: object


def member_name(member):
    name = member.get("name") or " ".join(part for part in (member.get("given_name"), member.get("family_name")) if part)
    return str(name or member.get("user_id"))[:300]


def is_learner(member):
    roles = role_names({CLAIM + "roles": member.get("roles") or []})
    return "Learner" in roles and member.get("status", "Active") == "Active"


def learners_progress(course, module, members):
    """(started, not started): RosterRow lists for the course's active learners, by name."""
    learners = [m for m in members if is_learner(m)]
    accounts = dict(
        LtiUser.objects.filter(registration=course.registration, sub__in=[str(m["user_id"]) for m in learners], auth_user__isnull=False)
        .values_list("sub", "auth_user_id")
    )
    progress = module_progress_of(set(accounts.values()), module)
    started, waiting = [], []
    for member in learners:
        learner = progress.get(accounts.get(str(member["user_id"])))
        row = RosterRow(member_name(member), learner)
        (started if learner is not None and learner.started else waiting).append(row)
    return sorted(started, key=lambda r: r.name.lower()), sorted(waiting, key=lambda r: r.name.lower())
