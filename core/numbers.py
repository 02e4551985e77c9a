"""Numbers as people type them: with a decimal comma and thousands points in German
(12.500,50), the other way round in English (12,500.50), with spaces, a euro sign or a
percent sign. One reader for forms and spreadsheets; a browser's number input cannot be
trusted with this (in an English browser it silently drops "12.500,50")."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language

LARGEST = Decimal(10) ** 15
_PLAIN = re.compile(r"^[-+]?[0-9]+(\.[0-9]+)?$")
_GROUPED = {
    ".": re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$"),
    ",": re.compile(r"^[-+]?\d{1,3}(,\d{3})+$"),
}


def _decimal_mark() -> str:
    return "." if (get_language() or "de").startswith("en") else ","


def parse_number(text: str, *, percent: bool = False, decimal_mark: str | None = None) -> Decimal:
    """The number in ``text``; ``ValueError`` if there is none. With ``percent`` a trailing
    percent sign is allowed (40 % is 40). ``decimal_mark`` settles "12.500" (twelve thousand
    five hundred with ",", twelve and a half with "."); by default the page's language does."""
    decimal_mark = decimal_mark or _decimal_mark()
    cleaned = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace("€", "").replace("EUR", "")
    if percent:
        cleaned = cleaned.removesuffix("%")
    if "," in cleaned and "." in cleaned:  # both: the last one separates the decimals
        mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if mark == "," else ","
        whole = cleaned[: cleaned.rfind(mark)]
        if not _GROUPED[grouping].match(whole):  # 1,2.5 is no number
            raise ValueError(text)
        cleaned = cleaned.replace(grouping, "")
    elif "," in cleaned or "." in cleaned:
        mark = "," if "," in cleaned else "."
        # 12.500 in German (12,500 in English) groups thousands; otherwise it is a decimal
        if mark != decimal_mark and _GROUPED[mark].match(cleaned):
            cleaned = cleaned.replace(mark, "")
            mark = "."
    else:
        mark = "."
    if mark == ",":
        cleaned = cleaned.replace(",", ".")
    if not _PLAIN.match(cleaned):  # ASCII digits only: no exponent, no other scripts' digits
        raise ValueError(text)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= LARGEST:
        raise ValueError(text)
    return number


def format_number(value, *, places: int | None = None) -> str:
    """``value`` as the active language writes it: 12.500,50 or 12,500.50."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    text = f"{number:,.{places}f}" if places is not None else f"{number:,}"
    if _decimal_mark() == ",":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
