from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    """Like Django's default, plus the funding statement (the 500 page gets no context processors)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"funding": settings.ELEARN_FUNDING}))
