"""Background tasks of the jobs app, run by the worker process (``manage.py db_worker``)."""

from django_tasks import task

from jobs import downloads


@task()
def build_download(download_id: int) -> None:
    downloads.build(download_id)
