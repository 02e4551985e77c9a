"""German project texts become comparable terms: case, umlauts and their old spellings, ß,
inflection and stop words."""

from synergies import similarity, text


def test_case_umlauts_old_spellings_and_inflection_fall_together():
    assert text.terms("Förderanträge") == text.terms("foerderantrag") == text.terms("FÖRDERANTRAG")
    assert text.terms("Straßenbeleuchtung") == text.terms("Strassenbeleuchtung")
    assert text.terms("Bürger") == text.terms("Buerger")


def test_stop_words_and_numbers_are_left_out():
    assert text.terms("Die Einführung der E-Akte in der Verwaltung 2026") == [text.stem("akte")]


def test_hyphenated_words_are_their_parts():
    assert text.words("Online-Antrag") == ["Online", "Antrag"]


def test_a_compound_meets_its_parts():
    """ "Radverkehrsförderung" and "Förderung des Radverkehrs" share no word, only their parts:
    the fragments make them alike, more than a text about something else."""
    documents = similarity.analysed(
        [
            similarity.Document(pk=1, group=1, title="Radverkehrsförderung"),
            similarity.Document(pk=2, group=2, title="Förderung des Radverkehrs"),
            similarity.Document(pk=3, group=3, title="Schulanmeldung digital"),
        ]
    )
    found = similarity.Collection(documents).neighbours([1], min_score=0.01)
    assert [pk for pk, _score in found[1]] == [2]
    assert found[1][0][1] > 0.3


def test_surface_forms_keep_the_words_as_written():
    assert text.surface_forms("Förderanträge und Förderantrag")[text.stem("förderantrag")] == (
        "Förderanträge"
    )
