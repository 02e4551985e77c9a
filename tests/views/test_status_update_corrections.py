"""A status update that went wrong: the form's errors are where the eye is, the author may
correct it for a short time, and a wrong one can be withdrawn, with its history kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import Project, StatusUpdate

pytestmark = pytest.mark.django_db


def _report(project, author, **fields):
    values = {"progress": 40, "text": "Erster Bericht", "traffic_light": "im_plan"} | fields
    return services.status_update_create(project=project, actor=author, **values)


def test_the_failed_form_answers_at_its_errors(client, coordinator, kultur_project):
    client.force_login(coordinator)
    detail = client.get(kultur_project.get_absolute_url()).content.decode()
    action = reverse("projects:status_update_create", args=[kultur_project.pk])
    assert f'action="{action}#statusmeldung-formular"' in detail
    response = client.post(action, {"reported_on": "", "progress": "150", "text": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="statusmeldung-formular"' in html
    assert html.index('id="statusmeldung-formular"') < html.index("Bitte korrigieren")
    assert "<title>Fehler" in html or "– Fehler" in html.split("</title>")[0]


def test_the_author_corrects_a_status_update_shortly_after(client, coordinator, kultur_project):
    update = _report(kultur_project, coordinator)
    url = reverse("projects:status_update_correct", args=[kultur_project.pk, update.pk])
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reported_on": update.reported_on.isoformat(),
                                 "traffic_light": "gefaehrdet", "progress": "35",
                                 "text": "Korrigierter Bericht"})  # fmt: skip
    assert response.status_code == 302
    update.refresh_from_db()
    kultur_project.refresh_from_db()
    assert (update.text, update.progress) == ("Korrigierter Bericht", 35)
    assert (kultur_project.traffic_light, kultur_project.progress) == ("gefaehrdet", 35)
    assert update.history.count() == 2  # the correction is in the history


def test_after_the_correction_time_the_author_withdraws_instead(
    client, coordinator, kultur_project, settings
):
    update = _report(kultur_project, coordinator)
    StatusUpdate.objects.filter(pk=update.pk).update(
        created_at=timezone.now() - timedelta(minutes=settings.STATUS_UPDATE_CORRECTION_MINUTES + 1)
    )
    url = reverse("projects:status_update_correct", args=[kultur_project.pk, update.pk])
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    late = {"text": "Zu spät", "progress": "1", "traffic_light": "im_plan",
            "reported_on": update.reported_on.isoformat()}  # fmt: skip
    assert client.post(url, late).status_code == 403
    update.refresh_from_db()
    assert update.text == "Erster Bericht"


def test_only_the_author_corrects(client, rds_user, coordinator, kultur_project):
    update = _report(kultur_project, coordinator)
    client.force_login(rds_user)
    url = reverse("projects:status_update_correct", args=[kultur_project.pk, update.pk])
    assert client.get(url).status_code == 403


def test_a_wrong_status_update_is_withdrawn_with_its_history(client, coordinator, rds_user,
                                                             kultur_project):  # fmt: skip
    earlier = _report(kultur_project, coordinator, reported_on=timezone.localdate() - timedelta(5),
                      traffic_light="im_plan", progress=20, text="Früher")  # fmt: skip
    wrong = _report(kultur_project, coordinator, traffic_light="kritisch", progress=90,
                    text="Falsches Vorhaben erwischt")  # fmt: skip
    url = reverse("projects:status_update_withdraw", args=[kultur_project.pk, wrong.pk])
    client.force_login(rds_user)
    page = client.get(url)
    assert page.status_code == 200
    assert StatusUpdate.objects.get(pk=wrong.pk).withdrawn_at is None  # asks first
    response = client.post(url, {"reason": "Gehört zu einem anderen Vorhaben."})
    assert response.status_code == 302
    wrong.refresh_from_db()
    kultur_project.refresh_from_db()
    assert wrong.withdrawn_at is not None
    assert wrong.withdrawn_by == rds_user
    assert wrong.withdrawal_reason == "Gehört zu einem anderen Vorhaben."
    # the latest valid report counts again
    assert (kultur_project.traffic_light, kultur_project.progress) == ("im_plan", 20)
    assert kultur_project.last_reported_on == earlier.reported_on
    assert wrong.history.count() == 2
    html = client.get(kultur_project.get_absolute_url()).content.decode()
    assert "zurückgezogen" in html
    assert "Gehört zu einem anderen Vorhaben." in html


def test_withdrawing_needs_a_reason(client, coordinator, kultur_project):
    update = _report(kultur_project, coordinator)
    client.force_login(coordinator)
    url = reverse("projects:status_update_withdraw", args=[kultur_project.pk, update.pk])
    assert client.post(url, {"reason": "  "}).status_code == 200
    update.refresh_from_db()
    assert update.withdrawn_at is None


def test_withdrawing_the_only_report_leaves_the_project_as_before(coordinator, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(progress=25)
    kultur_project.refresh_from_db()
    update = _report(kultur_project, coordinator, progress=70, traffic_light="gefaehrdet")
    services.status_update_withdraw(update=update, actor=coordinator, reason="Irrtum")
    kultur_project.refresh_from_db()
    assert kultur_project.last_reported_on is None
    assert kultur_project.traffic_light == ""
    assert kultur_project.progress == 25  # as it was before the wrong report


def test_readers_neither_correct_nor_withdraw(client, leadership_user, coordinator,
                                              kultur_project):  # fmt: skip
    update = _report(kultur_project, coordinator)
    client.force_login(leadership_user)
    for name in ("status_update_correct", "status_update_withdraw"):
        url = reverse(f"projects:{name}", args=[kultur_project.pk, update.pk])
        assert client.post(url, {"reason": "x", "text": "x"}).status_code == 403
    update.refresh_from_db()
    assert (update.text, update.withdrawn_at) == ("Erster Bericht", None)


def test_a_status_update_of_another_project_is_not_found(client, coordinator, kultur_project,
                                                         kultur):  # fmt: skip
    other = Project.objects.create(department=kultur, title="Anderes Vorhaben")
    update = _report(other, coordinator)
    client.force_login(coordinator)
    url = reverse("projects:status_update_withdraw", args=[kultur_project.pk, update.pk])
    assert client.get(url).status_code == 404
