"""The questionnaire editor as the central unit uses it: a questionnaire from nothing to a
published version, frozen versions that no page changes, and nobody else getting in."""

import pytest
from django.urls import reverse

from intake import services
from intake.models import Question, Questionnaire, QuestionnaireVersion, Section

pytestmark = pytest.mark.django_db


def _question(key, kind, text, **extra):
    return {"key": key, "kind": kind, "text": text, "help_text": "", "options": "", **extra}


@pytest.fixture
def draft(rds_user):
    """A draft with one section, a single choice and a yes/no question."""
    version = services.questionnaire_create(actor=rds_user, title="Testbogen")
    section = services.section_save(actor=rds_user, version=version, title="Allgemeines")
    services.question_save(
        actor=rds_user,
        section=section,
        key="bereich",
        kind=Question.Kind.SINGLE_CHOICE,
        text="Welcher Bereich?",
        options=[{"key": "personal", "label": "Personal"}, {"key": "technik", "label": "Technik"}],
    )
    services.question_save(
        actor=rds_user, section=section, key="online", kind=Question.Kind.YES_NO, text="Online?"
    )
    return version


@pytest.fixture
def published(draft, rds_user):
    return services.version_publish(actor=rds_user, version=draft)


def test_rds_builds_a_questionnaire_and_publishes_it(client, rds_user):
    client.force_login(rds_user)
    response = client.post(
        reverse("intake:questionnaire_create"), {"title": "Digitalcheck", "description": ""}
    )
    version = QuestionnaireVersion.objects.get(questionnaire__title="Digitalcheck")
    assert response.status_code == 302
    assert response.url == version.get_absolute_url()
    assert version.is_draft
    assert version.number == 1

    for title in ("Aufgaben", "Bedarfe"):
        client.post(reverse("intake:section_create", args=[version.pk]), {"title": title})
    first, second = version.sections.order_by("position")
    assert [first.title, second.title] == ["Aufgaben", "Bedarfe"]

    questions = [
        _question(
            "bereiche",
            "mehrfachauswahl",
            "In welchen Bereichen brauchen Sie Unterstützung?",
            options="Personal\nKompetenzen\nSoftware",
            required="on",
        ),
        _question("welche-kompetenzen", "kurztext", "Welche Kompetenzen?"),
        _question("beschreibung", "langtext", "Beschreiben Sie Ihre Aufgaben."),
        _question("art", "einfachauswahl", "Welche Art?", options="Amt\nEigenbetrieb"),
        _question("grad", "skala", "Wie digital?"),
        _question("stellen", "zahl", "Wie viele Stellen?"),
        _question("online", "ja_nein", "Online-Angebote?"),
        _question("stichtag", "datum", "Seit wann?"),
        _question("vorhaben", "vorhaben", "Ihre Vorhaben"),
    ]
    for data in questions:
        data["section"] = first.pk
        response = client.post(reverse("intake:question_create", args=[first.pk]), data)
        assert response.status_code == 302, response.context["form"].errors
    assert set(version.questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    choice = version.questions.get(key="bereiche")
    assert choice.required
    assert choice.options == [
        {"key": "personal", "label": "Personal"},
        {"key": "kompetenzen", "label": "Kompetenzen"},
        {"key": "software", "label": "Software"},
    ]
    assert version.questions.get(key="grad").options == []

    follow_up = version.questions.get(key="welche-kompetenzen")
    data = _question(
        "welche-kompetenzen",
        "kurztext",
        "Welche Kompetenzen fehlen?",
        section=first.pk,
        condition_key="bereiche",
        condition_value="kompetenzen",
    )
    response = client.post(reverse("intake:question_edit", args=[follow_up.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    follow_up.refresh_from_db()
    assert (follow_up.condition_key, follow_up.condition_value) == ("bereiche", "kompetenzen")
    page = client.get(version.get_absolute_url()).content.decode()
    assert "nur wenn „In welchen Bereichen brauchen Sie Unterstützung?“ = Kompetenzen" in page

    # Reordering: the second section up, a question down.
    client.post(reverse("intake:section_move", args=[second.pk]), {"direction": "up"})
    assert list(version.sections.order_by("position").values_list("title", flat=True)) == [
        "Bedarfe",
        "Aufgaben",
    ]
    stichtag = version.questions.get(key="stichtag")
    client.post(reverse("intake:question_move", args=[stichtag.pk]), {"direction": "down"})
    keys = list(first.questions.order_by("position").values_list("key", flat=True))
    assert keys[-2:] == ["vorhaben", "stichtag"]

    # The empty section goes; the condition order is fine; publish.
    response = client.post(reverse("intake:section_delete", args=[second.pk]))
    assert not Section.objects.filter(pk=second.pk).exists()
    page = client.get(reverse("intake:version_publish", args=[version.pk]))
    assert page.context["problems"] == []
    client.post(reverse("intake:version_publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.is_published
    assert version.published_by == rds_user

    preview = client.get(reverse("intake:version_preview", args=[version.pk]))
    assert preview.status_code == 200
    assert "Ihre Vorhaben" in preview.content.decode()
    listing = client.get(reverse("intake:questionnaires"))
    assert "Digitalcheck" in listing.content.decode()


def test_a_published_version_changes_through_no_page(client, rds_user, published):
    client.force_login(rds_user)
    question = published.questions.get(key="online")
    section = published.sections.get()
    before = list(published.questions.values_list("key", "text", "position", "section_id"))
    response = client.post(
        reverse("intake:question_edit", args=[question.pk]),
        _question("online", "ja_nein", "Geändert?", section=section.pk),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == published.get_absolute_url()
    assert "veröffentlicht" in str(next(iter(response.context["messages"])))
    for name, args, data in [
        ("intake:version_edit", [published.pk], {"introduction": "Neu", "change_note": "x"}),
        ("intake:section_create", [published.pk], {"title": "Neu"}),
        ("intake:section_edit", [section.pk], {"title": "Neu"}),
        ("intake:section_delete", [section.pk], {}),
        ("intake:section_move", [section.pk], {"direction": "down"}),
        ("intake:question_create", [section.pk], _question("neu", "kurztext", "Neu?")),
        ("intake:question_delete", [question.pk], {}),
        ("intake:question_move", [question.pk], {"direction": "up"}),
        ("intake:version_publish", [published.pk], {}),
    ]:
        assert client.get(reverse(name, args=args)).status_code in (302, 405), name
        assert client.post(reverse(name, args=args), data).status_code == 302, name
    published.refresh_from_db()
    assert published.introduction == ""
    assert published.sections.get().title == "Allgemeines"
    assert before == list(published.questions.values_list("key", "text", "position", "section_id"))
    page = client.get(published.get_absolute_url()).content.decode()
    assert reverse("intake:question_edit", args=[question.pk]) not in page
    assert reverse("intake:draft_start", args=[published.pk]) in page


def test_editing_a_published_version_starts_a_new_draft(client, rds_user, published):
    client.force_login(rds_user)
    page = client.get(published.questionnaire.get_absolute_url()).content.decode()
    assert reverse("intake:draft_start", args=[published.pk]) in page
    response = client.post(reverse("intake:draft_start", args=[published.pk]))
    new = published.questionnaire.versions.get(number=2)
    assert response.url == new.get_absolute_url()
    assert new.is_draft
    # The draft exists: the questionnaire links to it instead of offering another.
    page = client.get(published.questionnaire.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in page
    assert reverse("intake:draft_start", args=[published.pk]) not in page
    client.post(reverse("intake:draft_start", args=[published.pk]))
    assert published.questionnaire.versions.count() == 2


def test_options_keep_their_keys_and_duplicates_are_refused(client, rds_user, draft):
    client.force_login(rds_user)
    question = draft.questions.get(key="bereich")
    url = reverse("intake:question_edit", args=[question.pk])
    base = _question("bereich", "einfachauswahl", "Welcher Bereich?", section=question.section_id)
    response = client.post(url, base | {"options": "Technik\nPersonal\nFinanzen"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert [o["key"] for o in question.options] == ["technik", "personal", "finanzen"]
    response = client.post(url, base | {"options": "Personal\npersonal!"})
    assert response.status_code == 200
    assert "„personal“" in response.context["form"].errors["options"][0]
    response = client.post(url, base | {"options": "Nur eine"})
    assert response.context["form"].errors["options"]  # from the service: at least two


def test_condition_errors_land_on_the_fields(client, rds_user, draft):
    client.force_login(rds_user)
    section = draft.sections.get()
    url = reverse("intake:question_create", args=[section.pk])
    data = _question("folge", "kurztext", "Folgefrage", section=section.pk)
    form_page = client.get(url).content.decode()  # the answers a condition can name
    assert "<code>personal</code> (Personal)" in form_page
    assert "<code>ja</code>, <code>nein</code>" in form_page
    response = client.post(url, data | {"condition_key": "bereich", "condition_value": "x"})
    assert "condition_value" in response.context["form"].errors
    response = client.post(url, data | {"condition_key": "online", "condition_value": "vielleicht"})
    assert "condition_value" in response.context["form"].errors
    response = client.post(url, data | {"condition_value": "ja"})
    assert "condition_key" in response.context["form"].errors
    response = client.post(url, data | {"condition_key": "online", "condition_value": "ja"})
    assert response.status_code == 302
    # The yes/no question is the condition of another: it cannot be deleted.
    online = draft.questions.get(key="online")
    page = client.get(reverse("intake:question_delete", args=[online.pk]))
    assert page.context["dependents"]
    client.post(reverse("intake:question_delete", args=[online.pk]))
    assert draft.questions.filter(key="online").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "freitext"},
        {"kind": ""},
        {"key": ""},
        {"key": "Mit Leerzeichen"},
        {"key": "bereich"},  # taken
        {"text": ""},
        {"section": "other"},
        {"section": "999999"},
        {"condition_key": "gibt-es-nicht", "condition_value": "ja"},
        {"kind": "einfachauswahl", "options": ""},
    ],
)
def test_hostile_question_payloads_are_refused(client, rds_user, draft, changes):
    client.force_login(rds_user)
    section = draft.sections.get()
    other = services.questionnaire_create(actor=rds_user, title="Anderer Bogen")
    other_section = services.section_save(actor=rds_user, version=other, title="Fremd")
    data = _question("neu", "kurztext", "Neue Frage?", section=section.pk) | changes
    if data["section"] == "other":
        data["section"] = other_section.pk
    before = Question.objects.count()
    response = client.post(reverse("intake:question_create", args=[section.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Question.objects.count() == before


def test_hostile_moves_and_sections_are_refused(client, rds_user, draft):
    client.force_login(rds_user)
    section = draft.sections.get()
    question = draft.questions.get(key="bereich")
    positions = list(draft.questions.values_list("pk", "position"))
    for data in ({"direction": "sideways"}, {}):
        response = client.post(reverse("intake:question_move", args=[question.pk]), data)
        assert response.status_code == 302
    assert positions == list(draft.questions.values_list("pk", "position"))
    response = client.post(reverse("intake:section_edit", args=[section.pk]), {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.post(reverse("intake:section_edit", args=[987654]), {"title": "x"}).status_code
    response = client.post(reverse("intake:questionnaire_create"), {"title": "Testbogen"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert Questionnaire.objects.filter(title="Testbogen").count() == 1


EDITOR_URLS = [
    ("intake:questionnaires", lambda v: []),
    ("intake:questionnaire_create", lambda v: []),
    ("intake:questionnaire", lambda v: [v.questionnaire_id]),
    ("intake:version", lambda v: [v.pk]),
    ("intake:version_edit", lambda v: [v.pk]),
    ("intake:version_preview", lambda v: [v.pk]),
    ("intake:version_publish", lambda v: [v.pk]),
    ("intake:draft_start", lambda v: [v.pk]),
    ("intake:section_create", lambda v: [v.pk]),
    ("intake:section_edit", lambda v: [v.sections.get().pk]),
    ("intake:section_delete", lambda v: [v.sections.get().pk]),
    ("intake:section_move", lambda v: [v.sections.get().pk]),
    ("intake:question_create", lambda v: [v.sections.get().pk]),
    ("intake:question_edit", lambda v: [v.questions.get(key="online").pk]),
    ("intake:question_delete", lambda v: [v.questions.get(key="online").pk]),
    ("intake:question_move", lambda v: [v.questions.get(key="online").pk]),
]


@pytest.mark.parametrize(
    "role", ["coordinator", "staff", "partner", "partner_contributor", "leadership_user"]
)
def test_nobody_but_the_central_unit_opens_the_editor(client, request, draft, role):
    client.force_login(request.getfixturevalue(role))
    before = list(Question.objects.values_list("pk", "text", "position"))
    for name, args in EDITOR_URLS:
        url = reverse(name, args=args(draft))
        assert client.get(url).status_code == 404, name
        data = {"title": "x", "direction": "up", **_question("online", "kurztext", "x")}
        assert client.post(url, data).status_code == 404, name
    assert before == list(Question.objects.values_list("pk", "text", "position"))
    assert QuestionnaireVersion.objects.get(pk=draft.pk).is_draft
