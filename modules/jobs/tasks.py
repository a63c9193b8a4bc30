"""The one task of the queue: run a `Job` by its id (runner.py does the work)."""

from django_tasks import task

from .runner import run


@task(backend="jobs", queue_name="jobs")
def run_job(job_id):
    return run(job_id)
