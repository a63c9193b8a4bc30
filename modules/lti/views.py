"""LTI 1.3 endpoints: parse the request, call one check_/do_ function, answer. A refusal (`LtiRefused`)
is shown on one translated page with its reason; nothing has been stored by then."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.deep_link_resource import DeepLinkResource
from lti_tool.models import LtiRegistration
from pylti1p3.lineitem import LineItem

from elearn.site.language import remember, wanted_language

from .accounts import do_link_account
from .framing import NEW_WINDOW_PARAM, cookie_check_page, do_allow_frame, frame_origin, is_framed_request
from .grades import SCORE_MAXIMUM, do_link_grades
from .keys import ensure_signing_key, published_key_set
from .launch import PRESENTATION_CLAIM, LtiRefused, check_launch, is_teacher, restore_launch, score_endpoint, start_login
from .registration import do_dynamic_registration
from .roster import activity_path, check_course_access, do_remember_course, fetch_roster, find_module, learners_progress
from .targets import deep_link_catalogue, find_choice, languages, pick_language, resolve_target

DEEP_LINK_SESSION = "lti-deep-link-launch"
DEEP_LINK_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def refusals_as_page(view):
    """Show a refusal on its page. The endpoints have no language prefix (a platform posts to one
    address), so they speak the visitor's language: their remembered choice, else their browser's."""

    @wraps(view)
    def answered(request, *args, **kwargs):
        language = translation.get_language_from_path(request.path_info) or wanted_language(request)
        with translation.override(language):
            try:
                return view(request, *args, **kwargs)
            except LtiRefused as refusal:
                return render(request, "modules/lti/refused.html", {"message": refusal.message}, status=refusal.status)

    return answered


@require_GET
def jwks(request):
    """The tool's public keys, for the platforms (JWKS URL)."""
    ensure_signing_key()
    response = JsonResponse(published_key_set())
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
@refusals_as_page
def oidc_login(request, registration_uuid):
    ensure_signing_key()
    response = start_login(request, registration_uuid)
    params = request.POST if request.method == "POST" else request.GET
    if not is_framed_request(request) or params.get(NEW_WINDOW_PARAM):
        return response
    # Inside the platform's frame: first make sure this browser keeps our cookies there.
    registration = LtiRegistration.objects.get(uuid=registration_uuid)
    carried = {name: params[name][:2000] for name in LOGIN_PARAMS if params.get(name)}
    page = cookie_check_page(request, registration, response["Location"], carried)
    page.cookies.update(response.cookies)  # pylti1p3's state cookie
    return page


LOGIN_PARAMS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "client_id", "lti_deployment_id")


def _sign_in(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")


def _presentation_language(data):
    presentation = data.get(PRESENTATION_CLAIM) or {}
    return pick_language(presentation.get("locale") if isinstance(presentation, dict) else None) or settings.LANGUAGE_CODE


@csrf_exempt
@require_POST
@refusals_as_page
def launch(request):
    message_launch, tool_conf = check_launch(request)
    data = message_launch.get_launch_data()
    teacher = is_teacher(data)
    if message_launch.is_deep_link_launch():
        return _start_deep_linking(request, message_launch, tool_conf, data, teacher)
    if not message_launch.is_resource_launch():
        raise LtiRefused(_("This kind of LTI message is not supported here."), status=400)
    target = resolve_target(data)
    endpoint = score_endpoint(data)
    with transaction.atomic():
        user, platform_user = do_link_account(tool_conf.registration, data)
        if target.module is not None and endpoint is not None and not teacher:
            do_link_grades(user, platform_user, tool_conf.deployment, target.module, endpoint)
    _sign_in(request, user)
    course = do_remember_course(request, tool_conf.registration, data, target.path) if teacher and target.module is not None else None
    if course is not None:
        # A teacher whose platform offers the course roster lands on their learners' progress.
        with translation.override(target.language):
            response = redirect(reverse("lti_course_progress", args=[course.pk, target.module.translation_key]))
    else:
        response = redirect(target.path)
    _allow_frame(request, tool_conf, data, response)
    remember(response, target.language)
    return response


def _allow_frame(request, tool_conf, data, response):
    """A launch inside the platform's frame: the page it lands on (and those under it) may be framed
    by that platform, in this session only (modules/lti/framing.py)."""
    origin = frame_origin(request, tool_conf.registration, data)
    if origin is not None:
        do_allow_frame(request, origin, urlsplit(response["Location"]).path)


def _start_deep_linking(request, message_launch, tool_conf, data, teacher):
    if not teacher:
        raise LtiRefused(_("Only teachers can add activities from this site to a course."))
    settings_claim = data.get(DEEP_LINK_SETTINGS) or {}
    if "ltiResourceLink" not in (settings_claim.get("accept_types") or []):
        raise LtiRefused(_("Your platform does not accept LTI links here, so nothing can be added."), status=400)
    user, _platform_user = do_link_account(tool_conf.registration, data)
    _sign_in(request, user)
    request.session[DEEP_LINK_SESSION] = message_launch.get_launch_id()
    language = _presentation_language(data)
    with translation.override(language):
        response = redirect(reverse("lti_deep_link"))
    _allow_frame(request, tool_conf, data, response)
    remember(response, language)
    return response


@require_http_methods(["GET", "POST"])
@refusals_as_page
def deep_link(request):
    """The teacher picks a kit or a module, and its language; we answer the platform with the link."""
    launch_id = request.session.get(DEEP_LINK_SESSION)
    if not launch_id or not request.user.is_authenticated:
        raise LtiRefused(_("This page opens from your learning platform, when a teacher adds an activity from this site."))
    message_launch = restore_launch(request, launch_id)
    context = {"groups": group_by_kit(deep_link_catalogue()), "languages": [(code, name) for code, name in settings.LANGUAGES], "language": translation.get_language()}
    if request.method == "GET":
        return render(request, "modules/lti/deep_link.html", context)
    language = request.POST.get("language", "")
    target = find_choice(request.POST.get("item"), language) if language in languages() else None
    if target is None:
        context.update(error=_("Choose a kit or a module, and a language."), chosen=request.POST.get("item", ""))
        return render(request, "modules/lti/deep_link.html", context, status=400)
    resource = build_resource(target)
    deep_link_service = message_launch.get_deep_link()
    token = deep_link_service.get_response_jwt([resource])
    return_url = message_launch.get_launch_data()[DEEP_LINK_SETTINGS]["deep_link_return_url"]
    del request.session[DEEP_LINK_SESSION]
    response = render(request, "modules/lti/deep_link_return.html", {"return_url": return_url, "token": token, "title": target.title})
    # The answer is a form posted to the platform: allow exactly its origin as a form target.
    parts = urlsplit(return_url)
    response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}
    return response


def group_by_kit(entries):
    """[(the kit's entry, its modules' entries)] in catalogue order."""
    groups = []
    for entry in entries:
        if entry.module is None:
            groups.append((entry, []))
        else:
            groups[-1][1].append(entry)
    return groups


def build_resource(target):
    custom = {"kit": str(target.kit.translation_key), "lang": target.language}
    resource = DeepLinkResource().set_url(settings.SITE_BASE_URL + target.path).set_title(target.title)
    if target.module is not None:
        custom["module"] = str(target.module.translation_key)
        lineitem = LineItem().set_score_maximum(SCORE_MAXIMUM).set_label(target.title).set_resource_id(str(target.module.translation_key))
        resource.set_lineitem(lineitem)
    return resource.set_custom_params(custom)


@require_GET
@refusals_as_page
def course_progress(request, course_id, module_key):
    """Who in the teacher's course started the module, and how far they are (names from NRPS)."""
    try:
        course = check_course_access(request, course_id)
        source, module = find_module(module_key)
        started, waiting = learners_progress(course, source, fetch_roster(course))
    except LtiRefused as refusal:
        return render(request, "modules/lti/refused.html", {"message": refusal.message, "roster": True}, status=refusal.status)
    context = {"course": course, "module": module, "started": started, "waiting": waiting, "activity_path": activity_path(request, course)}
    return render(request, "modules/lti/course_progress.html", context)


@xframe_options_exempt  # the platform shows this page in a frame: the CSP's frame-ancestors says whose
@require_GET
@refusals_as_page
def dynamic_registration(request, token):
    """LTI Dynamic Registration: the platform opens this one-time address (modules/lti/registration.py)."""
    openid_configuration = request.GET.get("openid_configuration", "")
    parts = urlsplit(openid_configuration)
    try:
        platform = do_dynamic_registration(token, openid_configuration, request.GET.get("registration_token", "")[:4096])
        response = render(request, "modules/lti/registered.html", {"platform": platform})
    except LtiRefused as refusal:
        response = render(request, "modules/lti/refused.html", {"message": refusal.message, "registration": True}, status=refusal.status)
    if parts.scheme in ("http", "https") and parts.netloc:
        response._csp_replace = {"frame-ancestors": [f"{parts.scheme}://{parts.netloc}"]}
    return response
