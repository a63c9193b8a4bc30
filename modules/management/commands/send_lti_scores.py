"""Send the LTI score outbox to the platforms' gradebooks: once (from cron), or with --loop as a worker."""

from modules.lti.grades import send_due_scores

from ..outbox import SendOutboxCommand


class Command(SendOutboxCommand):
    help = "Send the quiz scores waiting for the LTI platforms' gradebooks (Assignment and Grade Services)."
    receiver = "A platform"

    def send(self, **options):
        return send_due_scores()
