"""The pages of the workshop templates: who reads them, the version page with its time
slots, and the editor's plain POST forms (refused on a published version)."""

import pytest
from django.urls import reverse

from workshops.models import TemplateVersion

pytestmark = pytest.mark.django_db


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


@pytest.mark.parametrize("role", ["rds_user", "coordinator", "staff", "leadership_user"])
def test_city_staff_read_the_templates(client, request, role, published_templates):
    user = request.getfixturevalue(role)
    version = published_templates[2]
    assert _get(client, user, "workshops:templates").status_code == 200
    assert _get(client, user, "workshops:template", version.template_id).status_code == 200
    page = _get(client, user, "workshops:template_version", version.pk)
    assert page.status_code == 200
    assert "Vorlage 2" in page.content.decode()


def test_external_partners_do_not_see_the_templates(client, partner, published_templates):
    version = published_templates[1]
    assert _get(client, partner, "workshops:templates").status_code == 404
    assert _get(client, partner, "workshops:template", version.template_id).status_code == 404
    assert _get(client, partner, "workshops:template_version", version.pk).status_code == 404


def test_a_draft_is_the_central_units_own(client, staff, rds_user, draft):
    assert _get(client, staff, "workshops:template_version", draft.pk).status_code == 404
    assert _get(client, rds_user, "workshops:template_version", draft.pk).status_code == 200


def test_version_page_shows_time_slots_from_nine_and_the_total(client, staff, published_templates):
    html = _get(client, staff, "workshops:template_version", published_templates[1].pk)
    html = html.content.decode()
    for slot in ("09:00–09:30", "09:30–10:15", "10:15–10:30"):
        assert slot in html
    assert "1 Std. 30 Min." in html
    assert "Was fehlt?" in html  # a guiding question
    assert "Stellwände" in html  # materials
    assert "Neuen Entwurf" not in html  # staff do not edit


def test_menu_shows_workshop_templates_to_the_central_unit_only(client, rds_user, staff):
    assert "Workshopvorlagen" in _get(client, rds_user, "dashboards:home").content.decode()
    assert "Workshopvorlagen" not in _get(client, staff, "dashboards:home").content.decode()


def test_the_central_unit_edits_a_draft_and_publishes_it(client, rds_user, published_templates):
    client.force_login(rds_user)
    template = published_templates[1].template
    response = client.post(reverse("workshops:template_draft_start", args=[1]))
    draft = template.versions.get(state=TemplateVersion.State.DRAFT)
    assert response.url == draft.get_absolute_url()
    client.post(
        reverse("workshops:template_version_edit", args=[draft.pk]),
        {"title": "Neuer Titel", "goal": "Neues Ziel", "guiding_questions": "Eine?\nZwei?"},
    )
    client.post(
        reverse("workshops:agenda_item_create", args=[draft.pk]),
        {"title": "Pause", "duration_minutes": "15"},
    )
    pause = draft.agenda_items.get(title="Pause")
    client.post(reverse("workshops:agenda_item_move", args=[pause.pk]), {"direction": "up"})
    first = draft.agenda_items.get(title="Begrüßung")
    client.post(reverse("workshops:agenda_item_delete", args=[first.pk]))
    client.post(
        reverse("workshops:agenda_item_edit", args=[pause.pk]),
        {"title": "Kaffeepause", "duration_minutes": "20", "method": "Pause"},
    )
    response = client.post(
        reverse("workshops:template_publish", args=[draft.pk]), {"change_note": "Mit Pause"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.title == "Neuer Titel"
    assert draft.question_lines == ["Eine?", "Zwei?"]
    assert list(draft.agenda_items.values_list("title", "duration_minutes")) == [
        ("Arbeitsphase", 45),
        ("Kaffeepause", 20),
        ("Abschluss", 15),
    ]
    assert draft.change_note == "Mit Pause"


def test_publish_without_change_note_shows_the_error_at_the_field(client, rds_user, draft):
    client.force_login(rds_user)
    response = client.post(reverse("workshops:template_publish", args=[draft.pk]), {})
    assert response.status_code == 422
    assert response.context["form"].errors["change_note"]
    draft.refresh_from_db()
    assert draft.is_draft


def test_discarding_a_draft_goes_back_to_the_template(client, rds_user, draft):
    client.force_login(rds_user)
    response = client.post(reverse("workshops:template_draft_discard", args=[draft.pk]))
    assert response.url == draft.template.get_absolute_url()
    assert not TemplateVersion.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("workshops:template_version_edit", {"title": "Geändert"}),
        ("workshops:agenda_item_create", {"title": "Neu", "duration_minutes": "10"}),
        ("workshops:template_publish", {"change_note": "x"}),
        ("workshops:template_draft_discard", {}),
    ],
)
def test_posts_to_a_published_version_change_nothing(
    client, rds_user, published_templates, name, data
):
    client.force_login(rds_user)
    version = published_templates[1]
    response = client.post(reverse(name, args=[version.pk]), data, follow=True)
    assert "kann nicht geändert werden" in response.content.decode()
    version.refresh_from_db()
    assert version.title == "Vorlage 1"
    assert version.agenda_items.count() == 3
    assert TemplateVersion.objects.count() == 3


@pytest.mark.parametrize("role", ["coordinator", "staff", "partner", "leadership_user", "outsider"])
def test_editor_pages_do_not_exist_for_anyone_else(client, request, role, draft):
    client.force_login(request.getfixturevalue(role))
    item = draft.agenda_items.first()
    for name, pk in (
        ("workshops:template_version_edit", draft.pk),
        ("workshops:template_publish", draft.pk),
        ("workshops:template_draft_discard", draft.pk),
        ("workshops:agenda_item_create", draft.pk),
        ("workshops:agenda_item_edit", item.pk),
        ("workshops:agenda_item_delete", item.pk),
    ):
        assert client.post(reverse(name, args=[pk]), {"title": "x"}).status_code == 404
    assert client.post(reverse("workshops:template_draft_start", args=[2])).status_code == 404
    assert TemplateVersion.objects.count() == 4
