"""German project texts as terms the similarity can compare.

A term is a word's Snowball stem (``snowballstemmer``'s German algorithm): case, umlauts and
their old spellings (ä and ae, ß and ss) and inflection fall together, so "Förderanträge",
"Foerderantrag" and "Förderantrag" are one term. Stop words (function words and words every
project of a city administration uses) are left out. Compound words are met by the character
n-grams that :mod:`synergies.similarity` takes from the stems: "radverkehrsforder"
(Radverkehrsförderung) shares most of its n-grams with "forder radverkehr" (Förderung des
Radverkehrs).
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
MIN_LENGTH = 3

# Function words (articles, pronouns, prepositions, conjunctions, auxiliaries, adverbs) and
# words that say nothing about what a project of a city administration is about.
_STOP_TEXT = """
    aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch
    auf aus bei beim bereits bis bisher bzw da dabei dadurch dafür dagegen daher damit dann
    daran darauf daraus darin darum das dass dem den denen der deren des dessen deshalb die
    dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines
    einige einigen einiger einzelne entweder er es etwa etwas euch für gegen gemäß habe haben
    hat hatte hatten hier hin hinter ich ihr ihre ihrem ihren ihrer ihres im in indem ins ist
    jede jedem jeden jeder jedes jedoch jetzt kann kein keine keinem keinen keiner können
    könnte künftig man mehr mehrere mit muss müssen nach neben nicht noch nun nur ob oder ohne
    sehr sein seine seinem seinen seiner seit sich sie sind so sodass soll sollen sollte sowie
    über um und uns unser unsere unter viel viele vom von vor während war waren was weg weil
    weiter weitere welche welchem welchen welcher wenn wer werden wie wieder wir wird wo wurde
    wurden zu zum zur zwar zwischen
    z.b zb ca bzw usw etc inkl ggf sowohl insbesondere zudem dazu hierzu ebenso
    neu neue neuen neuer neues bestehende bestehenden künftige stadt stadtweit städtisch
    städtische städtischen städtischer verwaltung amt ämter ämtern referat dezernat
    vorhaben projekt projekte projekts prozess ziel ziele soll sollen werden wird gibt geht
    rahmen bereich bereiche bereichen ziel einführung umsetzung aufbau
    digital digitale digitalen digitaler digitales
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_stemmer = snowballstemmer.stemmer("german")


def fold(text: str) -> str:
    """Lower case, composed letters, the old spellings of umlauts and ß as the stemmer reads
    them."""
    return unicodedata.normalize("NFC", text or "").casefold()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


_STOP_STEMS = frozenset(stem(fold(word)) for word in STOP_WORDS)


def words(text: str) -> list[str]:
    """The words of ``text`` as written (hyphenated parts apart: "Online-Antrag" is two)."""
    return [part for token in WORD.findall(text or "") for part in token.split("-") if part]


def terms(text: str) -> list[str]:
    """The stems of the words that carry meaning, in their order."""
    result = []
    for word in words(text):
        folded = fold(word)
        if len(folded) < MIN_LENGTH or folded in STOP_WORDS or folded.isdigit():
            continue
        stemmed = stem(folded)
        if stemmed not in _STOP_STEMS:
            result.append(stemmed)
    return result


def surface_forms(text: str) -> dict[str, str]:
    """Each term of ``text`` with the first word it was written as (for the reason shown)."""
    forms: dict[str, str] = {}
    for word in words(text):
        folded = fold(word)
        if len(folded) < MIN_LENGTH or folded in STOP_WORDS or folded.isdigit():
            continue
        stemmed = stem(folded)
        if stemmed not in _STOP_STEMS:
            forms.setdefault(stemmed, word)
    return forms
