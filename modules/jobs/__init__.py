"""Background jobs (issue 19.4): long work (release cutting, pack imports from a file or a URL) runs
in a worker of Django's tasks framework (django-tasks with its database backend), not inside a web
request. `Job` (models.py) is the record a person follows in the admin: step n of m, a message,
and the result (the release cut, the import report) or the error. See docs/background-jobs.md."""
