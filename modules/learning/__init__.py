"""What a learner has done: `models` holds the rows (ItemProgress, QuizAttempt, AnswerRecord,
Certificate, SelfAssessmentResult; registered through modules.models), `records` is the one writer
of ItemProgress, Certificate and SelfAssessmentResult, `read_models` builds what kit, module and quiz pages display (reads only).

Page classes call `read_models` and `records`, so nothing here imports a page class or the
`modules.models` package (whose `__init__` imports the page classes): see docs/design.md §4."""
