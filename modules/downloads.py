"""A download that belongs to one person: a certificate, a credential, a self-assessment's results,
an account's data, a staff member's analytics export. An attachment that no shared cache keeps, its
file name written by Django's content_disposition_header (quoted, RFC 6266 for non-ASCII names).
Release packs are public and cached for good instead (modules/packs/views.py)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def personal_download(content, content_type, filename):
    return HttpResponse(content, content_type=content_type, headers={
        "Content-Disposition": content_disposition_header(True, filename),
        "Cache-Control": "private, no-store",
    })
