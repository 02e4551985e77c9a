"""Questionnaires kept as files: the standard one ships with the app
(``fixtures/fragebogen_standard.json``) and is loaded by ``load_questionnaire``."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from intake.models import Question, Questionnaire, QuestionnaireVersion, Section
from intake.services import publication_problems

STANDARD = Path(settings.BASE_DIR) / "fixtures" / "fragebogen_standard.json"


@transaction.atomic
def load(path: Path = STANDARD) -> tuple[QuestionnaireVersion, bool]:
    """Create the questionnaire described in ``path`` with a published first version, unless
    a questionnaire of that title exists (then nothing changes: the central unit may have
    edited it in the app). Returns the latest published version and whether it was new."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    questionnaire, created = Questionnaire.objects.get_or_create(
        title=data["title"], defaults={"description": data.get("description", "")}
    )
    if not created:
        latest = questionnaire.versions.filter(state=QuestionnaireVersion.State.PUBLISHED).first()
        if latest is not None:
            return latest, False
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=(questionnaire.versions.count() + 1),
        introduction=data.get("introduction", ""),
        change_note=data.get("change_note", ""),
    )
    for section_position, section_data in enumerate(data["sections"], start=1):
        section = Section.objects.create(
            version=version,
            position=section_position,
            title=section_data["title"],
            description=section_data.get("description", ""),
        )
        for position, item in enumerate(section_data["questions"], start=1):
            question = Question(
                version=version,
                section=section,
                position=position,
                key=item["key"],
                kind=item["kind"],
                text=" ".join(item["text"].split()),
                help_text=item.get("help_text", ""),
                required=item.get("required", False),
                options=item.get("options", []),
                condition_key=item.get("condition_key", ""),
                condition_value=item.get("condition_value", ""),
            )
            question.full_clean()
            question.save()
    # Published as the services would, with its checks.
    if problems := publication_problems(version):
        raise ValueError("; ".join(problems))
    version.state = QuestionnaireVersion.State.PUBLISHED
    version.published_at = version.created_at
    version.save()
    return version, True
