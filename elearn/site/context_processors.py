from modules.funding import funding_in


def funding(request):
    """The funding statement in the request's language (modules/funding.py)."""
    return {"funding": funding_in()}
