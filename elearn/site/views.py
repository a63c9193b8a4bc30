from django.http import HttpResponseServerError
from django.template import loader

from modules.funding import funding_in


def server_error(request):
    """Like Django's default, plus the funding statement (the 500 page gets no context processors)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"funding": funding_in()}))
