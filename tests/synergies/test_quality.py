"""The suggestions' quality on a labelled set (tests/data/synergy_labels.toml): 143 fictional
project descriptions, 116 pairs labelled related and 99 hard negatives (same words, goals or
fields, different things). The floors are stated in the README; a change to the text analysis
or the weights that lowers them fails here.

- recall@5: for each project with related projects, the share of them among its (at most five)
  shown suggestions, averaged over those projects;
- precision@5: of all suggestions shown (at most five per project, only those scoring at least
  ``MIN_SCORE``), the share labelled related; unlabelled pairs count as wrong;
- precision@5 on judged pairs: the same among the suggestions labelled either way."""

import tomllib
from pathlib import Path

import pytest

from synergies import similarity

DATA = Path(__file__).resolve().parent.parent / "data" / "synergy_labels.toml"
RECALL_FLOOR = 0.75
PRECISION_FLOOR = 0.35
JUDGED_PRECISION_FLOOR = 0.90


@pytest.fixture(scope="module")
def labelled():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    offices, keys, documents = {}, {}, []
    for pk, entry in enumerate(data["projects"], start=1):
        keys[entry["key"]] = pk
        labels = (
            *(f"goals:{goal}" for goal in entry.get("goals", ())),
            *(f"fields:{field}" for field in entry.get("fields", ())),
            *(f"offerings:{offering}" for offering in entry.get("offerings", ())),
        )
        documents.append(
            similarity.Document(
                pk=pk,
                group=offices.setdefault(entry["office"], len(offices) + 1),
                title=entry["title"],
                description=entry["description"],
                labels=labels,
            )
        )

    def pairs(name):
        return {frozenset((keys[p["a"]], keys[p["b"]])) for p in data[name]}

    return similarity.analysed(documents), pairs("related"), pairs("unrelated")


def test_the_labelled_set_is_big_enough(labelled):
    documents, related, unrelated = labelled
    assert len(related) + len(unrelated) >= 150
    assert len(documents) >= 100


def test_precision_and_recall_at_five_stay_above_their_floors(labelled):
    documents, related, unrelated = labelled
    shown = similarity.Collection(documents).neighbours(k=5)
    partners: dict[int, set[int]] = {}
    for pair in related:
        a, b = tuple(pair)
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    recalls, hits, total, judged_wrong = [], 0, 0, 0
    for pk, wanted in partners.items():
        top = [other for other, _score in shown.get(pk, [])]
        found = len(set(top) & wanted)
        recalls.append(found / len(wanted))
        hits += found
        total += len(top)
        judged_wrong += sum(1 for other in top if frozenset((pk, other)) in unrelated)
    recall = sum(recalls) / len(recalls)
    precision = hits / total
    judged_precision = hits / (hits + judged_wrong)
    print(f"recall@5 {recall:.3f} precision@5 {precision:.3f} judged {judged_precision:.3f}")
    assert recall >= RECALL_FLOOR
    assert precision >= PRECISION_FLOOR
    assert judged_precision >= JUDGED_PRECISION_FLOOR
