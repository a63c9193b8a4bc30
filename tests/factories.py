"""Shared builders for every test package: users with a verified address and the one test password;
what a test left in storage."""

from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"


def make_user(username, **extra):
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD, **extra)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def stored_files(root):
    """The files under `root` (a MEDIA_ROOT), as sorted relative names; [] when it was never made."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()) if root.exists() else []
