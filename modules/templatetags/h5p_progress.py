"""Template access to H5P lesson requirements (modules/h5p/requirements.py) for the lesson page."""

from django import template

from modules.h5p.requirements import pending_activities

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_pending_activities(context, lesson):
    """The lesson's H5P activities the current user has not passed yet (no query without any)."""
    request = context.get("request")
    return pending_activities(getattr(request, "user", None), lesson)
