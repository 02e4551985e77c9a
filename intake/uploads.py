"""An office's answers as a spreadsheet: the template of one response (one row per question,
with the current answer), and the upload of the filled-in template, read with the import
flow's safe reader (size limit, zip checks, defused XML), checked row by row and shown as a
preview before anything is saved.

The checked values travel from the preview to "Übernehmen" in a signed form field, never on
disk; applying goes through :func:`intake.services.response_save`, all or nothing, and only
if nobody changed the response since the preview.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.excel import write_workbook
from intake import answers, services
from intake.models import Question, Response
from spreadsheets.reading import SpreadsheetError, open_table
from spreadsheets.widgets import cell_text

Kind = Question.Kind
SALT = "intake.uploads"
PAYLOAD_MAX_AGE = 60 * 60  # seconds between the preview and "Übernehmen"
HEADERS = (
    gettext_lazy("Key"),
    gettext_lazy("Question"),
    pgettext_lazy("column of the intake template", "Type"),
    gettext_lazy("Required"),
    gettext_lazy("Options"),
    gettext_lazy("Answer"),
)
KEY, ANSWER = 0, 5
EXTRA_ROWS = 20  # rows beyond one per question before a file is refused as not the template
GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


class StalePreview(Exception):
    """The response changed after the preview, or the preview is not this response's."""


def _questions(response: Response) -> list[Question]:
    """The questions a spreadsheet answers (a list of projects is kept on the page)."""
    return [
        question
        for question in response.intake.round.version.questions.select_related("section")
        if question.kind != Kind.PROJECTS
    ]


def _options_text(question: Question) -> str:
    if question.kind in Question.CHOICE_KINDS:
        return "; ".join(label for _key, label in question.option_choices)
    if question.kind == Kind.SCALE:
        return "1 – 5"
    if question.kind == Kind.YES_NO:
        return _("Yes: reason; No: reason")
    if question.kind == Kind.DATE:
        return _("date as 31.03.2026")
    return ""


def _cell_value(question: Question, value):
    """The current answer as the template shows it (and as it is read back)."""
    if value in (None, "", []):
        return ""
    if question.kind == Kind.SCALE:
        return value
    if question.kind == Kind.DATE:
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    return answers.display(question, value)


def template_xlsx(response: Response) -> bytes:
    values = dict(response.answers.values_list("key", "value"))
    rows = [
        [
            question.key,
            question.text,
            question.get_kind_display(),
            _("yes") if question.required else _("no"),
            _options_text(question),
            _cell_value(question, values.get(question.key)),
        ]
        for question in _questions(response)
    ]
    return write_workbook([(_("Answers"), [str(header) for header in HEADERS], rows)])


UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})  # fmt: skip


def template_filename(response: Response) -> str:
    """An ASCII file name (a header holds it): status-quo-Sozialamt.xlsx."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", response.unit.name.translate(UMLAUTS)).strip("-")
    return f"status-quo-{name or response.pk}.xlsx"


# --- reading the upload -----------------------------------------------------------------


@dataclass
class PreviewRow:
    number: int
    key: str
    question: str = ""
    old: str = ""
    new: str = ""
    error: str = ""


@dataclass
class Preview:
    rows: list[PreviewRow] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # key → the stored value, changed answers only
    file_error: str = ""

    @property
    def errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.error]

    @property
    def changed(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.error and row.key in self.values]

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


def _text(value) -> str:
    return cell_text(value).strip() if value is not None else ""


def _choice(question: Question, text: str) -> str:
    wanted = text.strip().casefold()
    for key, label in question.option_choices:
        if wanted in (key.casefold(), str(label).casefold()):
            return key
    raise ValidationError(
        _("“%(value)s” is not one of the options: %(options)s")
        % {"value": text, "options": _options_text(question)}
    )


def _number(value) -> str:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    if isinstance(value, int | float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    text = _text(value).replace(" ", "").replace("\u00a0", "")
    if GERMAN_NUMBER.match(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number, such as 12.500,50.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number, such as 12.500,50."))
    return format(number.normalize(), "f")


def _date(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValidationError(_("Enter a date as 31.03.2026."))


def _scale(value) -> int:
    text = _text(value).split("/")[0].strip()
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or int(number) not in answers.SCALE:
        raise ValidationError(_("Enter a whole number from 1 to 5."))
    return int(number)


def _yes_no(text: str) -> dict:
    answer, _sep, reason = text.partition(":")
    words = {"ja": answers.YES, "yes": answers.YES, "nein": answers.NO, "no": answers.NO}
    chosen = words.get(answer.strip().casefold())
    if chosen is None:
        raise ValidationError(_("Start with Ja or Nein, then a colon and the reason."))
    return {"answer": chosen, "reason": reason.strip()}


def read_value(question: Question, value):
    """The stored value of a cell (None: no answer); ValidationError if it cannot be one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = question.kind
    if kind == Kind.NUMBER:
        return _number(value)
    if kind == Kind.DATE:
        return _date(value)
    if kind == Kind.SCALE:
        return _scale(value)
    text = _text(value)
    if kind == Kind.SINGLE_CHOICE:
        return _choice(question, text)
    if kind == Kind.MULTIPLE_CHOICE:
        keys = [_choice(question, part) for part in text.split(";") if part.strip()]
        return list(dict.fromkeys(keys)) or None
    if kind == Kind.YES_NO:
        return _yes_no(text)
    return text


def _expected_headers() -> list[list[str]]:
    """The template's headings as written in the language of the page that made it: the
    reader's, or English."""
    with translation.override("en"):
        english = [str(header).casefold() for header in HEADERS]
    return [[str(header).casefold() for header in HEADERS], english]


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def read_upload(response: Response, uploaded_file) -> Preview:
    """Check every row of the uploaded template against the response's questions."""
    preview = Preview()
    questions = {question.key: question for question in _questions(response)}
    current = dict(response.answers.values_list("key", "value"))
    try:
        table = open_table(uploaded_file, uploaded_file.name)
    except SpreadsheetError as error:
        preview.file_error = str(error)
        return preview
    try:
        headers = [str(header).strip().casefold() for header in table.headers][: len(HEADERS)]
        if headers not in _expected_headers():
            preview.file_error = _(
                "The first row must hold the headings of the template: %(headings)s. "
                "Download the template and fill in its column “%(answer)s”."
            ) % {"headings": ", ".join(str(h) for h in HEADERS), "answer": HEADERS[ANSWER]}
            return preview
        seen = set()
        most = len(questions) + EXTRA_ROWS
        for number, cells in table.rows():
            if len(preview.rows) >= most:
                preview.file_error = _(
                    "The file has more rows than the questionnaire has questions. Upload the "
                    "template of this response."
                )
                return preview
            values = [cell.value for cell in cells] + [None] * len(HEADERS)
            key = _text(values[KEY])
            row = PreviewRow(number=number, key=key)
            preview.rows.append(row)
            question = questions.get(key)
            if question is None:
                row.error = _("There is no question with the key “%(key)s” here.") % {"key": key}
                continue
            row.question = question.text
            row.old = answers.display(question, current.get(key))
            if key in seen:
                row.error = _("The question is in the file twice.")
                continue
            seen.add(key)
            try:
                value = read_value(question, values[ANSWER])
            except ValidationError as error:
                row.error = _messages(error)
                row.new = _text(values[ANSWER])
                continue
            row.new = answers.display(question, value)
            if value != current.get(key):
                preview.values[key] = value
    except SpreadsheetError as error:
        preview.file_error = str(error)
    finally:
        table.close()
    return preview


# --- from the preview to the answers ------------------------------------------------------


def sign(response: Response, preview: Preview) -> str:
    current = dict(response.answers.values_list("key", "value"))
    return signing.dumps(
        {
            "response": response.pk,
            "version": response.version,
            "values": preview.values,
            "loaded": {key: answers.fingerprint(current.get(key)) for key in preview.values},
        },
        salt=SALT,
        compress=True,
    )


def apply(*, actor, response: Response, payload: str) -> Response:
    """Save the previewed answers, all or nothing. :class:`StalePreview` if the preview is
    old, not this response's, or the response changed since."""
    try:
        data = signing.loads(payload, salt=SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.BadSignature:
        raise StalePreview from None
    if data.get("response") != response.pk or data.get("version") != response.version:
        raise StalePreview
    try:
        return services.response_save(
            actor=actor,
            response=response,
            version=data["version"],
            values=data["values"],
            loaded=data["loaded"],
        )
    except services.ResponseConflict:
        raise StalePreview from None
