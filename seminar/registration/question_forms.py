"""Forms of custom registration questions: the answer fields added to the registration forms,
and the organizers' form to write a question."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import Length, Optional

from ..errors import DomainError
from ..events.models import Event
from ..forms import choices, strip
from ..i18n import LANGUAGE_NAMES
from .forms import INSTITUTION_TYPES, MultiCheckboxField
from .models import InstitutionType
from .question_services import clean_answer, questions_for
from .questions import QuestionKind, RegistrationQuestion

KIND_NAMES = {
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.ONE_CHOICE: _l("One choice"),
    QuestionKind.SEVERAL_CHOICES: _l("Several choices"),
    QuestionKind.YES_NO: _l("Yes / no"),
    QuestionKind.DATE: _l("Date"),
}
NEW_CHOICE_ROWS = 3


class RequiredFlag:
    """Marks an answer field as required (the asterisk); the check itself is ``_validator``'s,
    since a question is required only of the types of institution it is asked of."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: Field) -> None:
        return None


# --- Answer fields in the registration forms ---------------------------------------------------


def _answer_field(question: RegistrationQuestion, language: str) -> Field:
    label, _lang = question.text(language)
    hint, _hint_lang = question.help_text(language)
    if question.audience:  # said in words too, for whoever sees every question (no JavaScript)
        types = ", ".join(str(INSTITUTION_TYPES[InstitutionType(t)]) for t in question.audience)
        hint = " ".join(filter(None, [hint, gettext("For: %(types)s", types=types)]))
    kwargs: dict[str, Any] = {"label": label, "description": hint}
    if question.is_required:
        kwargs["validators"] = [RequiredFlag()]
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        options = [("yes", _l("Yes")), ("no", _l("No"))]
        return RadioField(choices=choices(options), validate_choice=False, **kwargs)
    if kind.has_choices:
        options = [(c.key, c.text(language)[0]) for c in question.visible_choices]
        cls = RadioField if kind == QuestionKind.ONE_CHOICE else MultiCheckboxField
        return cls(choices=choices(options), validate_choice=False, **kwargs)
    if kind == QuestionKind.DATE:
        kwargs["render_kw"] = {"type": "date"}
        return StringField(filters=[strip], **kwargs)
    if kind == QuestionKind.LONG_TEXT:
        return TextAreaField(filters=[strip], **kwargs)
    return StringField(filters=[strip], **kwargs)


def _validator(question: RegistrationQuestion) -> Any:
    """The service's own rules, run by the form so every answer's error shows next to it."""

    def validate(form: Any, field: Field) -> None:
        kind = form.institution_type.data if "institution_type" in form else None
        if not question.asks(kind):
            field.errors = []
            return
        try:
            clean_answer(question, field.data, previous=form.previous_answers.get(question.id))
        except DomainError as error:
            raise ValidationError(error.message) from error

    return validate


def with_questions(
    form_class: type[FlaskForm], questions: list[RegistrationQuestion], language: str
) -> type[FlaskForm]:
    """``form_class`` with a field per question (named ``q_<id>``), after the built-in fields."""
    attrs: dict[str, Any] = {"questions": questions, "previous_answers": {}, "language": language}
    for question in questions:
        attrs[question.field_name] = _answer_field(question, language)
        attrs[f"validate_{question.field_name}"] = _validator(question)
    return type(form_class.__name__, (form_class,), attrs)


def answers_data(form: Any) -> dict[int, Any]:
    """{question id: the raw answer} from a submitted form with questions."""
    return {q.id: form[q.field_name].data for q in form.questions}


def fill_answers(form: Any, answers: dict[int, Any]) -> None:
    """Show saved answers in the form's fields (values as the fields expect them)."""
    for question in form.questions:
        value = answers.get(question.id)
        if question.kind == QuestionKind.YES_NO and value is not None:
            value = "yes" if value else "no"
        form[question.field_name].data = value


# --- The organizers' question form -------------------------------------------------------------


class QuestionFormBase(FlaskForm):
    kind = SelectField(
        _l("Kind of answer"),
        choices=choices((kind.value, name) for kind, name in KIND_NAMES.items()),
        description=_l("It cannot change once the question has answers."),
    )
    is_required = BooleanField(_l("An answer is required"))
    audience = MultiCheckboxField(
        _l("Asked of"),
        choices=choices((t.value, label) for t, label in INSTITUTION_TYPES.items()),
        description=_l("Types of institution asked this question. None chosen: everybody."),
        validate_choice=False,
    )
    is_hidden = BooleanField(
        _l("Hide this question from the form"),
        description=_l("Its answers are kept and still appear in the exports and counts."),
    )
    version = HiddenField()


def question_form_class(event: Event) -> type[QuestionFormBase]:
    """The question form with a label, hint and choice-label field for each event language."""
    languages = event.language_list
    main = event.default_language
    row: dict[str, Any] = {
        "key": HiddenField(),
        "is_hidden": BooleanField(_l("Hidden")),
        "remove": BooleanField(_l("Remove")),
    }
    attrs: dict[str, Any] = {"languages": languages}
    for lang in languages:
        name = LANGUAGE_NAMES.get(lang, lang)
        row[f"label_{lang}"] = StringField(
            _l("Choice (%(language)s)", language=name),
            filters=[strip],
            validators=[Optional(), Length(max=500)],
        )
        attrs[f"label_{lang}"] = StringField(
            _l("Question (%(language)s)", language=name),
            filters=[strip],
            validators=[Length(max=500)],
            render_kw={"lang": lang, "required": lang == main},
            description=_l("Required.")
            if lang == main
            else _l("Optional: the main language is shown instead."),
        )
        attrs[f"help_{lang}"] = StringField(
            _l("Hint (%(language)s)", language=name),
            filters=[strip],
            validators=[Optional(), Length(max=1000)],
            render_kw={"lang": lang},
        )
    attrs["choices"] = FieldList(FormField(type("ChoiceRow", (Form,), row)), min_entries=0)
    return type("QuestionForm", (QuestionFormBase,), attrs)


def fill_question_form(form: Any, question: RegistrationQuestion | None) -> None:
    """Load a question (or nothing, for a new one) and add empty rows for new choices."""
    rows: list[dict[str, Any]] = []
    if question is not None:
        form.kind.data = question.kind.value
        form.is_required.data = question.is_required
        form.audience.data = list(question.audience)
        form.is_hidden.data = question.is_hidden
        form.version.data = str(question.version)
        for lang in form.languages:
            form[f"label_{lang}"].data = question.label.get(lang, "")
            form[f"help_{lang}"].data = question.help.get(lang, "")
        for choice in question.choices:
            row = {"key": choice.key, "is_hidden": choice.is_hidden, "remove": False}
            row.update({f"label_{lang}": choice.label.get(lang, "") for lang in form.languages})
            rows.append(row)
    rows.extend({} for _ in range(NEW_CHOICE_ROWS))
    while form.choices.entries:
        form.choices.pop_entry()
    for row in rows:
        form.choices.append_entry(row)


def question_data(form: Any) -> dict[str, Any]:
    """The submitted question form as the service's ``data``."""
    return {
        "kind": form.kind.data,
        "label": {lang: form[f"label_{lang}"].data or "" for lang in form.languages},
        "help": {lang: form[f"help_{lang}"].data or "" for lang in form.languages},
        "is_required": form.is_required.data,
        "audience": form.audience.data or [],
        "is_hidden": form.is_hidden.data,
        "choices": [
            {
                "key": entry.form.key.data or None,
                "label": {lang: entry.form[f"label_{lang}"].data or "" for lang in form.languages},
                "is_hidden": entry.form.is_hidden.data,
                "remove": entry.form.remove.data,
            }
            for entry in form.choices
        ],
    }


def registration_form(
    form_class: type[FlaskForm], event: Event, *, previous: dict[int, Any] | None = None
) -> Any:
    """An instance of a registration form of ``event`` with its visible questions, in the
    visitor's language (each question falls back to the event's main language). ``previous``:
    the saved answers of the registration being edited."""
    cls = with_questions(form_class, questions_for(event), str(get_locale()))
    form = cls(event)
    form.previous_answers = previous or {}
    return form
