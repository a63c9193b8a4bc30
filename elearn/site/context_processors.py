from django.conf import settings


def funding(request):
    return {"funding": settings.ELEARN_FUNDING}
