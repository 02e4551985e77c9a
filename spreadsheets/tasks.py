"""The import's background tasks, run by the worker process (``manage.py db_worker``)."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from spreadsheets import services


@task()
def check_import(run_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        services.work_on(services.check_run, run_id)


@task()
def apply_import(run_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        services.work_on(services.apply_run, run_id)
