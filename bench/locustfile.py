"""Load test: logged-in users of several roles reading lists, details and dashboards and
writing status updates. Started by `make loadtest` (scripts/loadtest.sh) against gunicorn on
127.0.0.1 only."""

import json
import os
import random
import re

from locust import HttpUser, between, task

# Sessions made by bench/make_sessions.py: {username: [session keys]}.
SESSIONS = json.loads(open(os.environ["LOAD_SESSIONS"], encoding="utf-8").read())  # noqa: SIM115
PROJECT_LINK = re.compile(r'href="/vorhaben/(\d+)/"')
FILTERS = [
    "",
    "?status=umsetzung",
    "?financing=nicht_finanziert&o=-last_update",
    "?stale=ja",
    "?kind=prozess&o=title",
    "?q=akte",
    "?priority=top10&page=2",
]


class WorkspaceUser(HttpUser):
    abstract = True
    # Think time between two clicks: reading a list or a project takes a few seconds.
    wait_time = between(2, 6)
    username = ""
    workspace = "kultur"
    writes = False
    city_wide = True  # external partners have no city-wide list

    def on_start(self):
        """Continue a logged-in session of this role (each simulated user its own)."""
        self.client.cookies.set("sessionid", SESSIONS[self.username].pop())
        self.project_ids = self._project_ids(f"/arbeitsraeume/{self.workspace}/vorhaben/")

    def _project_ids(self, url):
        response = self.client.get(url, name="workspace list")
        return [int(pk) for pk in PROJECT_LINK.findall(response.text)] or [1]

    @task(4)
    def project_list(self):
        if not self.city_wide:
            self.workspace_list()
            return
        self.client.get(f"/vorhaben/{random.choice(FILTERS)}", name="project list (city)")

    @task(3)
    def workspace_list(self):
        url = f"/arbeitsraeume/{self.workspace}/vorhaben/{random.choice(FILTERS)}"
        self.client.get(url, name="project list (workspace)")

    @task(4)
    def project_detail(self):
        self.client.get(f"/vorhaben/{random.choice(self.project_ids)}/", name="project detail")

    @task(2)
    def dashboard(self):
        self.client.get(f"/arbeitsraeume/{self.workspace}/", name="workspace dashboard")

    @task(1)
    def agenda(self):
        self.client.get("/agenda/", name="agenda")

    @task(2)
    def status_update(self):
        if not self.writes:
            return
        pk = random.choice(self.project_ids)
        self.client.get(f"/vorhaben/{pk}/", name="project detail")
        self.client.post(
            f"/vorhaben/{pk}/statusmeldungen/neu/",
            {
                "reported_on": "2026-11-25",
                "traffic_light": random.choice(["im_plan", "gefaehrdet", "kritisch"]),
                "progress": str(random.randint(0, 100)),
                "text": "Lasttest: Statusmeldung",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken"),
            },
            headers={"Referer": f"{self.host}/vorhaben/{pk}/"},
            name="status update (write)",
        )


class Coordinator(WorkspaceUser):
    weight = 3
    username = "koordination-kultur"
    writes = True


class Staff(WorkspaceUser):
    weight = 3
    username = "mitarbeit-soziales"
    workspace = "soziales-gesundheit-vielfalt"
    writes = True


class CentralUnit(WorkspaceUser):
    weight = 2
    username = "rds"
    writes = True


class Leadership(WorkspaceUser):
    weight = 1
    username = "leitung"


class Partner(WorkspaceUser):
    weight = 1
    username = "partner-kultur"
    city_wide = False
