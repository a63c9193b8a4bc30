"""The local account of a platform user: one per (platform registration, `sub`), created on the first
launch with no usable password, so it is reached only through the platform. Teachers get no staff
rights: an LTI account is a learner account whatever its roles in the course.

The platform's e-mail is not taken: an address another account here already uses must never let a
platform sign someone into that account. The name is taken, for certificates and results."""

import uuid

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from lti_tool.models import LtiUser

NAME_LENGTH = 150


def do_link_account(registration, data):
    """The (account, platform user) for this launch, created the first time. Names follow the platform."""
    sub = str(data["sub"])
    names = {
        "given_name": str(data.get("given_name") or "")[:500],
        "family_name": str(data.get("family_name") or "")[:500],
        "name": str(data.get("name") or "")[:500],
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                platform_user, _created = LtiUser.objects.get_or_create(registration=registration, sub=sub, defaults=names)
        except IntegrityError:
            platform_user = LtiUser.objects.get(registration=registration, sub=sub)
        # of=("self",): lock the platform user row only; PostgreSQL refuses FOR UPDATE on the nullable side of the join.
        platform_user = LtiUser.objects.select_for_update(of=("self",)).select_related("auth_user").get(pk=platform_user.pk)
        user = platform_user.auth_user
        if user is None:
            user = _new_account(names)
            platform_user.auth_user = user
        for field, value in names.items():
            if value:
                setattr(platform_user, field, value)
        platform_user.save()
        _update_names(user, names)
    return user, platform_user


def _new_account(names):
    user = get_user_model()(username=f"lti-{uuid.uuid4().hex[:24]}", is_staff=False, is_superuser=False)
    user.set_unusable_password()
    _fill_names(user, names)
    user.save()
    return user


def _fill_names(user, names):
    given, family = names["given_name"], names["family_name"]
    if not given and not family and names["name"]:
        given, _space, family = names["name"].partition(" ")
    user.first_name = given[:NAME_LENGTH]
    user.last_name = family[:NAME_LENGTH]


def _update_names(user, names):
    before = (user.first_name, user.last_name)
    if any(names.values()):
        _fill_names(user, names)
    if (user.first_name, user.last_name) != before:
        user.save(update_fields=["first_name", "last_name"])
