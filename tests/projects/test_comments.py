"""Comments on projects: in the timeline next to the status updates, from city staff and
invited partners within their scope (not leadership), with @mentions that tell workspace
members by e-mail once, editable by their author for a short time with the history kept."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussions.models import Comment, Mention
from projects import comments
from projects.selectors import project_timeline
from tests.factories import MembershipFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://digital.stadt.example"
    settings.COMMENT_EDIT_MINUTES = 15


def _post(client, project, body):
    return client.post(f"/vorhaben/{project.pk}/kommentare/", {"body": body})


def test_a_comment_appears_in_the_timeline_next_to_the_status_updates(
    client, coordinator, kultur_project
):
    StatusUpdateFactory(project=kultur_project, reported_on=timezone.localdate() - timedelta(3))
    client.force_login(coordinator)
    response = _post(client, kultur_project, "Wie steht es um die Ausschreibung?")
    comment = Comment.objects.get()
    assert response.url == f"/vorhaben/{kultur_project.pk}/#kommentar-{comment.pk}"
    kinds = [entry["kind"] for entry in project_timeline(project=kultur_project)]
    assert kinds == ["comment", "update"]  # newest first
    page = client.get(f"/vorhaben/{kultur_project.pk}/").content.decode()
    assert "Wie steht es um die Ausschreibung?" in page
    assert f'id="kommentar-{comment.pk}"' in page


def test_mentions_tell_workspace_members_who_may_read_it_once(
    client, coordinator, partner, staff, kultur_project, confidential_kultur_project,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(coordinator)
    body = f"@{partner.username} und @{staff.username}: bitte ansehen. @niemand"
    with django_capture_on_commit_callbacks(execute=True):  # mailed once the comment is saved
        _post(client, kultur_project, body)
    # The partner of Kultur is told; staff of Soziales is no member of Kultur's workspace.
    assert [m.to for m in mail.outbox] == [[partner.email]]
    message = mail.outbox[0]
    assert kultur_project.title in message.subject
    assert "https://digital.stadt.example/vorhaben/" in message.body
    assert list(Mention.objects.values_list("user__username", flat=True)) == [partner.username]
    # On a confidential project the partner may not read, nobody is told of the partner.
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, confidential_kultur_project, f"@{partner.username} siehe hier")
    assert len(mail.outbox) == 1
    # The mention shows on the page, escaped.
    page = client.get(f"/vorhaben/{kultur_project.pk}/").content.decode()
    assert f'<strong class="mention">@{partner.username}</strong>' in page


def test_the_author_may_change_a_comment_for_a_short_time(
    client, coordinator, partner, kultur_project, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    _post(client, kultur_project, "Erste Fassung")
    comment = Comment.objects.get()
    url = f"/vorhaben/{kultur_project.pk}/kommentare/{comment.pk}/bearbeiten/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": f"Zweite Fassung, @{partner.username}"})
    comment.refresh_from_db()
    assert comment.body.startswith("Zweite Fassung")
    assert comment.edited_at is not None
    assert len(mail.outbox) == 1  # the newly named partner
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": f"Dritte Fassung, @{partner.username}"})
    assert len(mail.outbox) == 1  # named before: not again
    (entry,) = project_timeline(project=kultur_project)
    assert [record.body for record in entry["item"].earlier] == [
        f"Zweite Fassung, @{partner.username}", "Erste Fassung"
    ]  # fmt: skip
    page = client.get(f"/vorhaben/{kultur_project.pk}/").content.decode()
    assert "Die 2 früheren Fassungen" in page
    # Later, or by someone else: refused, and nothing changes.
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    assert client.post(url, {"body": "Zu spät"}).status_code == 403
    client.force_login(partner)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now())
    assert client.post(url, {"body": "Fremd"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body.startswith("Dritte Fassung")


def test_who_may_comment(client, request, kultur_project, confidential_kultur_project):
    allowed = {"rds_user": True, "coordinator": True, "partner": True, "staff": True,
               "leadership_user": False, "outsider": False}  # fmt: skip
    for role, may in allowed.items():
        user = request.getfixturevalue(role)
        assert comments.may_comment(user, kultur_project) is may, role
        client.force_login(user)
        status = _post(client, kultur_project, f"Von {role}").status_code
        assert (status == 302) is may, role
    # A project outside the reader's scope does not exist for them.
    client.force_login(request.getfixturevalue("staff"))
    assert _post(client, confidential_kultur_project, "Hallo").status_code == 404
    assert Comment.objects.count() == 4


def test_an_empty_or_overlong_comment_is_refused_with_a_message(client, coordinator,
                                                               kultur_project):  # fmt: skip
    client.force_login(coordinator)
    response = _post(client, kultur_project, "   ")
    assert response.status_code == 422
    assert response.context["comment_form"].errors["body"]
    assert _post(client, kultur_project, "x" * 5001).status_code == 422
    html = _post(client, kultur_project, "<script>alert(1)</script>")
    assert html.status_code == 302
    page = client.get(f"/vorhaben/{kultur_project.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert Comment.objects.count() == 1


def test_who_can_be_named_is_found_without_a_query_per_staff_member(
    kultur, partner, confidential_kultur_project
):
    def names():
        with CaptureQueriesContext(connection) as captured:
            found = comments.mention_candidates(confidential_kultur_project)
        return {user.username for user in found}, len(captured)

    few, queries = names()
    for number in range(10):
        MembershipFactory(user=UserFactory(username=f"kollegin-{number}"), department=kultur)
    many, more_queries = names()
    assert partner.username not in many  # a partner may not read the confidential project
    assert many - few == {f"kollegin-{number}" for number in range(10)}
    assert more_queries == queries
