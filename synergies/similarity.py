"""How similar two projects are, for every project against all others at once.

Each project becomes one sparse vector of three weighted parts, each a TF-IDF vector
(scikit-learn) normalised to length one:

- **terms**: the stems of title and description (:mod:`synergies.text`), the title counted
  twice, as it says most;
- **fragments**: character n-grams (4 and 5 letters) of those stems, so that compound words
  meet their parts ("Radverkehrsförderung" and "Förderung des Radverkehrs");
- **labels**: the goals, fields of action and RDS offerings the project names.

The score of a pair is the weighted sum of the three cosines (0 to 1). The vectors of a chunk
of projects are multiplied with all others in one sparse product; per row the best ``k`` of
the projects that may be suggested (another office, not archived, no link or dismissal yet)
are kept. Memory stays at one dense chunk (``chunk`` x projects) besides the matrix.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from synergies import text

WEIGHTS = {"terms": 0.2, "fragments": 0.7, "labels": 0.1}
NGRAMS = (4, 5)
# Fragments found in more than this share of the projects say nothing about a pair (word
# endings like "ung", what every title says) and only cost time.
FRAGMENT_MAX_SHARE = 0.05
FRAGMENT_MAX_SHARE_FLOOR = 20  # ... but a small collection keeps fragments up to this count
TERM_MAX_SHARE = 0.2
MIN_SCORE = 0.1
K = 10
CHUNK = 256


@dataclass(frozen=True)
class Document:
    pk: int
    # Projects of one group (an office; a department's projects without an office) are not
    # suggested to each other.
    group: int
    title: str
    description: str = ""
    labels: tuple[str, ...] = ()
    # May be suggested to others (archived projects may not) and receive suggestions.
    active: bool = True
    terms: list[str] = field(default_factory=list, compare=False, repr=False)


def analysed(documents: Iterable[Document]) -> list[Document]:
    """The documents with their terms (title twice, then the description)."""
    result = []
    for document in documents:
        title = text.terms(document.title)
        result.append(
            Document(
                pk=document.pk,
                group=document.group,
                title=document.title,
                description=document.description,
                labels=document.labels,
                active=document.active,
                terms=title + title + text.terms(document.description),
            )
        )
    return result


def _identity(value):
    return value


def _max_df(share: float, count: int, floor: int) -> int:
    return max(floor, int(share * count))


def vectors(documents: Sequence[Document]) -> sparse.csr_matrix:
    """One row per document: the three parts side by side, each weighted."""
    count = len(documents)
    stems = [" ".join(document.terms) for document in documents]
    parts = []
    for name, vectorizer, data in (
        (
            "terms",
            TfidfVectorizer(
                analyzer=_identity,
                sublinear_tf=True,
                max_df=_max_df(TERM_MAX_SHARE, count, 10),
                dtype=np.float32,
            ),
            [document.terms for document in documents],
        ),
        (
            "fragments",
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=NGRAMS,
                lowercase=False,
                sublinear_tf=True,
                max_df=_max_df(FRAGMENT_MAX_SHARE, count, FRAGMENT_MAX_SHARE_FLOOR),
                dtype=np.float32,
            ),
            stems,
        ),
        (
            "labels",
            TfidfVectorizer(analyzer=_identity, dtype=np.float32),
            [document.labels for document in documents],
        ),
    ):
        try:
            matrix = vectorizer.fit_transform(data)
        except ValueError:  # no term at all (an empty collection, no labels anywhere)
            matrix = sparse.csr_matrix((count, 0), dtype=np.float32)
        parts.append(matrix * np.float32(np.sqrt(WEIGHTS[name])))
    return sparse.hstack(parts, format="csr", dtype=np.float32)


class Collection:
    """The projects compared at once: their vectors and what may be suggested to whom."""

    def __init__(self, documents: Sequence[Document], excluded: Iterable[tuple[int, int]] = ()):
        self.documents = documents
        count = len(documents)
        self.matrix = vectors(documents) if count else sparse.csr_matrix((0, 0))
        self.transposed = self.matrix.T.tocsc()
        self.pks = np.fromiter((d.pk for d in documents), dtype=np.int64, count=count)
        self.groups = np.fromiter((d.group for d in documents), dtype=np.int64, count=count)
        self.inactive = ~np.fromiter((d.active for d in documents), dtype=bool, count=count)
        self.index = {pk: i for i, pk in enumerate(self.pks.tolist())}
        self.blocked: dict[int, list[int]] = {}
        for a, b in excluded:
            if a in self.index and b in self.index:
                self.blocked.setdefault(self.index[a], []).append(self.index[b])
                self.blocked.setdefault(self.index[b], []).append(self.index[a])

    def __len__(self):
        return len(self.documents)

    def scores(self, block: np.ndarray) -> np.ndarray:
        """The scores of the rows ``block`` against every document, 0 where no suggestion
        may be made (same group, archived, dismissed or linked)."""
        scores = (self.matrix[block] @ self.transposed).toarray()
        scores[self.groups[block][:, None] == self.groups[None, :]] = 0
        scores[:, self.inactive] = 0
        for row, i in enumerate(block.tolist()):
            if i in self.blocked:
                scores[row, self.blocked[i]] = 0
        return scores

    def rows_of(self, pks: Iterable[int] | None) -> np.ndarray:
        if pks is None:
            rows = np.arange(len(self))
        else:
            rows = np.fromiter((self.index[pk] for pk in pks if pk in self.index), dtype=np.int64)
        return rows[~self.inactive[rows]]

    def neighbours(
        self,
        pks: Iterable[int] | None = None,
        *,
        k: int = K,
        min_score: float = MIN_SCORE,
        chunk: int = CHUNK,
    ) -> dict[int, list[tuple[int, float]]]:
        """For each document (or those of ``pks``): the pks of its best ``k`` suggestions
        with their scores, best first."""
        count = len(self)
        wanted = self.rows_of(pks)
        result: dict[int, list[tuple[int, float]]] = {}
        take = min(k, count)
        for start in range(0, len(wanted), chunk):
            block = wanted[start : start + chunk]
            scores = self.scores(block)
            np.negative(scores, out=scores)  # in place: the best are now the smallest
            if take < count:
                best = np.argpartition(scores, take - 1, axis=1)[:, :take]
            else:
                best = np.broadcast_to(np.arange(count), (len(block), count))
            best_scores = -np.take_along_axis(scores, best, axis=1)
            del scores
            for row, i in enumerate(block.tolist()):
                order = np.argsort(-best_scores[row], kind="stable")
                result[int(self.pks[i])] = [
                    (int(self.pks[j]), round(float(s), 4))
                    for j, s in zip(
                        best[row][order].tolist(), best_scores[row][order].tolist(), strict=True
                    )
                    if s >= min_score
                ]
        return result
