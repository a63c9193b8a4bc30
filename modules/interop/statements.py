"""xAPI 1.0.3 statements about what learners do on this site: pure functions of plain values.

Statement ids are uuid5 of the site and the event (`statement_id`), so the same event always gives
the same id: a statement queued twice is stored once, and one sent again after a lost answer is
recognised by the LRS as the one it has. Every statement carries its own timestamp for the same
reason (an LRS compares a resent statement with the stored one, and would stamp a missing
timestamp differently each time)."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

XAPI_VERSION = "1.0.3"
# Namespace of every statement id this software makes (a constant: changing it would resend all).
STATEMENT_NAMESPACE = uuid.UUID("6d1f3b8e-5a0c-4c57-9a4e-0e4b7f3c2a91")

VERBS = {
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "scored": "http://adlnet.gov/expapi/verbs/scored",
    "earned": "http://id.tincanapi.com/verb/earned",
}
ACTIVITY_TYPES = {
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "module": "http://adlnet.gov/expapi/activities/module",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "h5p": "http://adlnet.gov/expapi/activities/interaction",
    "kit": "http://adlnet.gov/expapi/activities/course",
}
ACTOR_ACCOUNT = "account"
ACTOR_MBOX = "mbox"


@dataclass(frozen=True)
class Activity:
    iri: str
    kind: str
    name: str = ""
    language: str = "en"

    def as_object(self):
        definition = {"type": ACTIVITY_TYPES[self.kind]}
        if self.name:
            definition["name"] = {self.language or "und": self.name}
        return {"objectType": "Activity", "id": self.iri, "definition": definition}


@dataclass(frozen=True)
class Score:
    raw: Decimal
    maximum: Decimal

    def as_result(self):
        raw, maximum = float(self.raw), float(self.maximum)
        scaled = round(raw / maximum, 4) if maximum > 0 else 0.0
        return {"raw": raw, "min": 0.0, "max": maximum, "scaled": min(max(scaled, 0.0), 1.0)}


def statement_id(site, event, *parts):
    """The id of the statement about `event` on `site`: the same inputs always give the same id."""
    return uuid.uuid5(STATEMENT_NAMESPACE, "|".join([site, event, *(str(part) for part in parts)]))


def activity_iri(site, item_key):
    """A learning item's activity id: its stable id under the site, the same in every kit and
    language (translations are the same learning item, docs/design.md §1)."""
    return f"{site}/activities/{item_key}"


def build_actor(user_id, homepage, mode=ACTOR_ACCOUNT, email=""):
    """The learner: an account on this site (home page + opaque id) unless the site chose mbox."""
    if mode == ACTOR_MBOX:
        if not email:
            raise ValueError("mbox actors need an e-mail address")
        return {"objectType": "Agent", "mbox": f"mailto:{email}"}
    return {"objectType": "Agent", "account": {"homePage": homepage, "name": str(user_id)}}


def build_statement(*, sid, actor, verb, activity, timestamp, parent=None, score=None, success=None,
                    completion=None, platform="elearn"):
    """One statement; `parent` is the Activity the object sits in (a lesson's module)."""
    statement = {
        "id": str(sid),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity.as_object(),
        "timestamp": timestamp.isoformat(),
        "context": {"platform": platform, "language": activity.language or "und"},
        "version": XAPI_VERSION,
    }
    if parent is not None:
        statement["context"]["contextActivities"] = {"parent": [parent.as_object()]}
    result = {}
    if score is not None:
        result["score"] = score.as_result()
    if success is not None:
        result["success"] = bool(success)
    if completion is not None:
        result["completion"] = bool(completion)
    if result:
        statement["result"] = result
    return statement
