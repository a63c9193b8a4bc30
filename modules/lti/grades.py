"""Quiz results back to the platforms' gradebooks (LTI Assignment and Grade Services 2.0).

- At launch, `do_link_grades` remembers which line item of which platform a learner came from, for
  which module.
- When that learner's quiz attempt of the module is graded, `queue_quiz_score` (a receiver of the
  progress writer's `quiz_attempt_graded` signal, run inside its transaction) stores one score per
  link in the outbox: stored if and only if the attempt is.
- `send_due_scores` posts them, oldest first, through pylti1p3 (token from the platform's token URL,
  signed with our key; POST <line item>/scores). A platform that is down, slow or refuses our token is
  tried again later with the LRS outbox's back-off; a score it refuses for good (400, 403, 404, 409,
  422) is marked refused with its answer.

The score is the learner's best percentage on the quiz (the site keeps the best attempt too), out of
100: `Completed` once they passed or used every attempt, `Submitted` while attempts remain."""

from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector
import requests

from ..interop import signals
from ..interop.sender import SendReport  # one outbox report for both senders
from ..models import QuizAttempt
from .launch import platform_session
from .models import LtiGradeLink, LtiScore

REFUSED = {400, 403, 404, 409, 422}
SCORE_MAXIMUM = 100


def do_link_grades(user, platform_user, deployment, module, endpoint):
    lineitem_url, scopes = endpoint
    link, _created = LtiGradeLink.objects.update_or_create(
        platform_user=platform_user, lineitem_url=lineitem_url,
        defaults={"user": user, "deployment": deployment, "scopes": scopes, "item_key": module.translation_key},
    )
    return link


def build_score(sub, best_percent, completed, when):
    return {
        "userId": sub,
        "scoreGiven": float(best_percent),
        "scoreMaximum": SCORE_MAXIMUM,
        "activityProgress": "Completed" if completed else "Submitted",
        "gradingProgress": "FullyGraded",
        "timestamp": when.isoformat(),
    }


@receiver(signals.quiz_attempt_graded, dispatch_uid="lti-quiz-graded")
def queue_quiz_score(sender, user, attempt, quiz, passed, when, **kwargs):
    module = quiz.get_parent()
    if module is None:
        return
    links = list(LtiGradeLink.objects.filter(user=user, item_key=module.translation_key).select_related("platform_user"))
    if not links:
        return
    submitted = QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key, submitted_at__isnull=False)
    summary = submitted.aggregate(best=Max("percent"), used=Max("number"))
    passed_ever = passed or submitted.filter(passed=True).exists()
    completed = passed_ever or (summary["used"] or 0) >= quiz.attempts_allowed
    LtiScore.objects.bulk_create([
        LtiScore(link=link, event_key=f"{attempt.public_id}:{link.pk}", next_try_at=timezone.now(),
                 score=build_score(link.platform_user.sub, summary["best"] or 0, completed, when))
        for link in links
    ], ignore_conflicts=True)


class PlatformUnavailable(Exception):
    pass


def send_due_scores(now=None, limit=200):
    """Send every due score; a platform that is unavailable is skipped until its next try."""
    now = now or timezone.now()
    report = SendReport()
    connectors = {}
    unavailable = set()
    rows = LtiScore.due(now).select_related("link__deployment__registration")[:limit]
    for row in rows:
        registration = row.link.deployment.registration
        if registration.pk in unavailable:
            row.postpone(report.error, now)
            continue
        try:
            connector = connectors.get(registration.pk) or connectors.setdefault(registration.pk, _connector(registration))
            post_score(connector, row.link, row.score, registration.token_url)
        except PlatformUnavailable as error:
            unavailable.add(registration.pk)
            report.error = str(error)
            row.postpone(str(error), now)
        except LtiRefusedScore as error:
            row.mark(LtiScore.REJECTED, str(error))
            report.rejected += 1
        else:
            row.mark(LtiScore.SENT)
            report.sent += 1
    report.waiting = LtiScore.waiting()
    return report


class LtiRefusedScore(Exception):
    pass


def _connector(registration):
    if not registration.is_active:
        raise PlatformUnavailable(f"The platform {registration} is switched off on this site.")
    return ServiceConnector(registration.to_registration(), requests_session=platform_session())


def post_score(connector, link, score, token_url):
    grade = (
        Grade().set_user_id(score["userId"]).set_score_given(score["scoreGiven"]).set_score_maximum(score["scoreMaximum"])
        .set_activity_progress(score["activityProgress"]).set_grading_progress(score["gradingProgress"]).set_timestamp(score["timestamp"])
    )
    service = AssignmentsGradesService(connector, {"scope": link.scopes, "lineitem": link.lineitem_url})
    try:
        service.put_grade(grade)
    except LtiServiceException as error:
        status = getattr(error.response, "status_code", None)
        # A refused token request means our registration or key is wrong there: wait, a person fixes it.
        asking_token = error.response is not None and error.response.url == token_url
        if status in REFUSED and not asking_token:
            raise LtiRefusedScore(str(error)[:2000]) from None
        raise PlatformUnavailable(str(error)[:2000]) from None
    except (requests.RequestException, LtiException, ValueError, KeyError) as error:
        raise PlatformUnavailable(f"{type(error).__name__}: {error}"[:2000]) from None

