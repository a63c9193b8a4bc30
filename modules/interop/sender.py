"""Deliver the outbox to the site's LRS (POST /statements, xAPI 1.0.3), oldest first, in batches.

- The LRS answered 2xx: the statements are sent.
- It refused a batch as malformed or conflicting (400, 409, 413, 422): each statement of the batch is
  tried on its own so one bad statement does not hold back the others; one refused on its own is
  marked rejected with the LRS's answer (a person looks at it; it is never resent by itself).
- Anything else (no connection, time-out, 401/403, 429, 5xx): the batch waits, with exponential
  back-off, and the run stops there, as the LRS is unwell. Nothing is ever dropped.
Resending is always safe: ids are stable and every statement carries its timestamp, so an LRS that
already stored a statement (its answer was lost) recognises it and keeps one copy."""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from django.conf import settings
from django.utils import timezone

from .models import OutboxStatement
from .statements import XAPI_VERSION

REFUSED = {400, 409, 413, 422}


class LRSUnavailable(Exception):
    pass


class LRSRefused(Exception):
    pass


@dataclass
class SendReport:
    sent: int = 0
    rejected: int = 0
    waiting: int = 0
    error: str = ""


def statements_url(endpoint):
    return endpoint.rstrip("/") + "/statements"


def post_statements(statements, timeout=None):
    """POST a list of statements; raises LRSRefused or LRSUnavailable."""
    request = urllib.request.Request(
        statements_url(settings.ELEARN_LRS_ENDPOINT), data=json.dumps(statements).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION},
    )
    if settings.ELEARN_LRS_USERNAME:
        token = base64.b64encode(f"{settings.ELEARN_LRS_USERNAME}:{settings.ELEARN_LRS_PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout or settings.ELEARN_LRS_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        body = error.read(500).decode("utf-8", "replace")
        message = f"HTTP {error.code}: {body}".strip()
        raise (LRSRefused if error.code in REFUSED else LRSUnavailable)(message) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise LRSUnavailable(f"{type(error).__name__}: {getattr(error, 'reason', error)}") from None


def send_due(now=None, batch_size=None):
    """Send every due statement, batch by batch, until none is due or the LRS is unavailable."""
    report = SendReport()
    if not settings.ELEARN_LRS_ENDPOINT:
        report.error = "No LRS is configured (ELEARN_LRS_ENDPOINT)."
        return report
    now = now or timezone.now()
    batch_size = batch_size or settings.ELEARN_LRS_BATCH_SIZE
    while True:
        batch = list(OutboxStatement.due(now)[:batch_size])
        if not batch:
            break
        try:
            _send(batch, report)
        except LRSUnavailable as error:
            for row in batch:
                row.postpone(str(error), now)
            report.error = str(error)
            break
    report.waiting = OutboxStatement.waiting()
    return report


def _send(batch, report):
    try:
        post_statements([row.statement for row in batch])
    except LRSRefused as error:
        if len(batch) == 1:
            batch[0].mark(OutboxStatement.REJECTED, str(error))
            report.rejected += 1
            return
        for row in batch:
            _send([row], report)
        return
    for row in batch:
        row.mark(OutboxStatement.SENT)
    report.sent += len(batch)

