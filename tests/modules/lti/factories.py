"""Builders for LTI rows that tests need without a running platform (the admin lists, the matrix)."""

import uuid

from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiUser

from modules.lti.models import LtiGradeLink, LtiPlatform, LtiScore
from tests.factories import make_user


def make_platform(name="Moodle Lombardia", issuer="https://moodle.example.org"):
    platform = LtiPlatform.objects.create(
        name=name, issuer=issuer, client_id=f"client-{uuid.uuid4().hex[:8]}",
        auth_url=f"{issuer}/auth", token_url=f"{issuer}/token", keyset_url=f"{issuer}/jwks",
    )
    LtiDeployment.objects.create(registration=platform, deployment_id="1", is_active=True)
    return platform


def make_refused_score(platform=None, n=None, error="404 Client Error: Not Found for url: https://moodle.example.org/lineitems/7/scores"):
    """One score the platform refused for good, for a learner of its own."""
    platform = platform or make_platform()
    n = n if n is not None else LtiScore.objects.count()
    user = make_user(f"lti-refused-{uuid.uuid4().hex[:8]}")
    platform_user = LtiUser.objects.create(registration=platform, sub=f"sub-{n}", name=f"Platform learner {n}", auth_user=user)
    link = LtiGradeLink.objects.create(
        user=user, platform_user=platform_user, deployment=LtiDeployment.objects.get(registration=platform, deployment_id="1"),
        lineitem_url=f"{platform.issuer}/lineitems/{n}", item_key=uuid.uuid4(),
    )
    return LtiScore.objects.create(
        link=link, event_key=f"refused-{uuid.uuid4().hex}", status=LtiScore.REJECTED, attempts=1, last_error=error,
        next_try_at=timezone.now(), score={"scoreGiven": 80.0, "scoreMaximum": 100, "userId": platform_user.sub},
    )
