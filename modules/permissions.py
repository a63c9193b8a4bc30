"""The one permission check of every staff view and admin menu item.

Staff views are plain functions under /admin/ (Wagtail already sends anyone without
`wagtailadmin.access_admin` to the login page); each is decorated with `staff_view(...)`, which
refuses with PermissionDenied (403) a user who lacks the permission to look, or, for a POST, the
permission to act. Menu items use the same test, so a link is shown exactly when its page opens.
Which group holds which permission is set in modules/roles.py. The H5P activity snippets keep
Wagtail's own model permission policy (add/change/view_h5pactivity), the same codenames."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem

ACCESS_ADMIN = "wagtailadmin.access_admin"
# Not a permission any group can be given: only an active superuser (the site's administrators) has it.
# Backups hold every learner's personal data (modules/jobs, Backups).
SUPERUSER = "elearn:superuser"


def has_permission(user, permission):
    """`permission` is a codename ("app.codename"), SUPERUSER, or a tuple of them, any one of which is enough.
    No user (a script, an import) has none: only a person who may approves or publishes."""
    if user is None:
        return False
    alternatives = (permission,) if isinstance(permission, str) else permission
    return any(_has(user, codename) for codename in alternatives)


def _has(user, codename):
    if codename == SUPERUSER:
        return bool(user.is_active and user.is_superuser)
    return user.has_perm(codename)


def require_permission(user, permission):
    if not has_permission(user, permission):
        raise PermissionDenied


def staff_view(permission=ACCESS_ADMIN, *, post=None):
    """Decorate a staff view: `permission` to open it, and `post` as well to send it a form."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            require_permission(request.user, permission)
            if post is not None and request.method == "POST":
                require_permission(request.user, post)
            return view(request, *args, **kwargs)

        return checked

    return decorator


class PermissionMenuItem(MenuItem):
    """An admin menu item shown only to users with `permission` (same rule as `staff_view`)."""

    def __init__(self, *args, permission=ACCESS_ADMIN, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return has_permission(request.user, self.permission)
