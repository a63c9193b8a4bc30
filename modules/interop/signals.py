"""What the progress writers announce. They send these inside the transaction that records the
progress, so a receiver that writes rows (the xAPI outbox) commits or rolls back with it.

Each signal is sent once per change of state: a lesson the first time it is completed, a quiz
attempt when it is opened and when it is graded, an H5P result when it is stored, a certificate
when it is issued."""

from django.dispatch import Signal

# user, lesson, when
lesson_completed = Signal()
# user, attempt (a QuizAttempt, just opened)
quiz_attempt_started = Signal()
# user, attempt, quiz, score, max_score, percent, passed, when
quiz_attempt_graded = Signal()
# user, activity, result (an H5PResult), passed
h5p_result_recorded = Signal()
# user, certificate
certificate_issued = Signal()
