"""The handbook's first version ships as Markdown files (``fixtures/handreichung/``, one per
page, listed with title, address and step in ``index.json``) and is loaded by
``manage.py load_handbook``. Loading again creates only the pages that are missing: a page
that exists is never changed, since the central unit may have edited it in the app."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from handbook.models import HandbookPage
from handbook.services import create_page_with_first_version

DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "handreichung"
FIRST_NOTE = "Erste Fassung"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


@transaction.atomic
def load(directory: Path = DIRECTORY) -> LoadReport:
    report = LoadReport()
    entries = json.loads((Path(directory) / "index.json").read_text(encoding="utf-8"))["pages"]
    taken_steps = set(HandbookPage.objects.exclude(step="").values_list("step", flat=True))
    for entry in sorted(entries, key=lambda e: e["order"]):
        if HandbookPage.objects.filter(slug=entry["slug"]).exists():
            report.kept.append(entry["slug"])
            continue
        step = entry.get("step", "")
        body = (Path(directory) / entry["file"]).read_text(encoding="utf-8")
        create_page_with_first_version(
            title=entry["title"],
            slug=entry["slug"],
            # A step that a page of the central unit explains already stays with that page.
            step="" if step in taken_steps else step,
            body=body,
            change_note=FIRST_NOTE,
        )
        taken_steps.add(step)
        report.created.append(entry["slug"])
    return report
