"""The one rotation rule of our two signing key sets (Open Badges in modules/credentials/keys.py, the
LTI tool in modules/lti/keys.py). A new key signs from the moment it is added; a key is retired only
once the key that replaced it has been published for the grace period, so a verifier or platform that
cached the key set, or holds something signed a moment ago, still finds the old key meanwhile."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone


@dataclass
class RotationReport:
    new_kid: str
    retired: int


def rotate(generate, active, created_field, grace_days, now=None):
    """Add a key (`generate()` makes it and gives its kid) and retire what it lets go: `active` is the
    queryset of the active keys, `created_field` the name of their creation time."""
    with transaction.atomic():
        new_kid = generate()
        retired = retire_replaced(active, created_field, grace_days, now)
    return RotationReport(new_kid=new_kid, retired=retired)


def retire_replaced(active, created_field, grace_days, now=None):
    """Retire every active key replaced by a key older than the grace period; how many were retired."""
    cutoff = (now or timezone.now()) - timedelta(days=grace_days)
    replacement = active.filter(**{f"{created_field}__lte": cutoff}).order_by(f"-{created_field}", "-pk").first()
    if replacement is None:
        return 0
    return active.filter(**{f"{created_field}__lt": getattr(replacement, created_field)}).update(is_active=False)
