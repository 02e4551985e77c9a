"""Shared fixtures of the workshop tests: published templates for Teil 1–3 (cohorts can only
be planned once every part has one)."""

import pytest

from tests.workshops.data import publish_templates
from workshops import standards


@pytest.fixture
def published_templates(rds_user):
    """Teil 1, 2 and 3 each with a published version 1 (three agenda items, 90 minutes);
    a dict part number -> TemplateVersion."""
    return publish_templates(rds_user)


@pytest.fixture
def draft(published_templates, rds_user):
    """Version 2 of Teil 1's template: a draft copied from version 1."""
    return standards.template_draft_start(template=published_templates[1].template, actor=rds_user)
