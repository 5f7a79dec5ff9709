"""Finding cases for the inspector: by NIP, name, unit, kind, status, event, actor and period.

Every filter is a condition on the case row or an ``EXISTS`` over an index (items, units,
ledger events), so a page of results costs the same few queries however many cases, items
or events there are.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import events as event_types
from audit.models import Event
from decisions.errors import Invalid
from decisions.models import Case, CaseItem, CaseKind
from decisions.selectors import Probe
from personnel.models import OrgUnit

MSG_INVALID = _("Some search fields are not valid.")
MSG_NIP_DIGITS = _("A NIP has only digits (spaces are fine), at most 18.")
MSG_PERIOD = _("The end of the period is before its start.")

FILTERS = ("nip", "name", "unit", "kind", "status", "event", "actor", "date_from", "date_to")


def event_choices() -> list[tuple[str, str]]:
    """The types of a case's events, by label (the registry: audit.events)."""
    types = [event_type for event_type in event_types.registered() if event_type.object_type == "case"]
    return sorted(((t.code, str(t.label)) for t in types), key=lambda choice: choice[1])


class AnyOfField(forms.MultipleChoiceField):
    """Several values, or none: the form's "any" option sends an empty value."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item]


class SearchForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), required=False, max_length=40)
    name = forms.CharField(label=_("Employee name"), required=False, max_length=150)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=30)
    kind = AnyOfField(label=_("Kind"), required=False, choices=CaseKind.choices)
    status = AnyOfField(label=_("Status"), required=False, choices=Case.Status.choices)
    event = AnyOfField(label=_("Event"), required=False, choices=event_choices)
    actor = forms.CharField(
        label=_("Acted on by"),
        required=False,
        max_length=150,
        help_text=_("Username, NIP or name of someone who acted on the case."),
    )
    date_from = forms.DateField(label=_("Activity from"), required=False)
    date_to = forms.DateField(label=_("Activity until"), required=False)

    def clean_nip(self) -> str:
        value = self.cleaned_data["nip"]
        digits = "".join(ch for ch in value if ch.isdigit())
        if value.strip() and (
            not digits or len(digits) > 18 or any(ch not in "0123456789 ." for ch in value)
        ):
            raise forms.ValidationError(MSG_NIP_DIGITS, code="nip_digits")
        return digits

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", forms.ValidationError(MSG_PERIOD, code="period"))
        return data


def _as_lists(data) -> dict:
    """Accept a JSON body's single values for the list filters, as the query string's."""
    if hasattr(data, "getlist"):
        return data
    data = dict(data or {})
    for name in ("kind", "status", "event"):
        value = data.get(name)
        if isinstance(value, str):
            data[name] = [value] if value else []
    return data


def parse_search(data) -> dict:
    """The filters from a query string or a JSON body, cleaned; ``Invalid`` (400) if bad."""
    form = SearchForm(_as_lists(data))
    if not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        raise Invalid(MSG_INVALID, code="invalid_search", fields=errors)
    return {name: form.cleaned_data[name] for name in FILTERS if form.cleaned_data.get(name)}


def described(filters: dict) -> dict:
    """The filters as JSON material (for the ledger and the bundle)."""
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in filters.items()
    }


def actor_usernames(text: str) -> list[str]:
    """Usernames a person's username, NIP or name stands for (one query).

    The ledger's actor column holds usernames; names and NIPs are looked up in today's
    registry. The text itself is kept as a username, for accounts renamed or deactivated.
    """
    text = text.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    match = (
        Q(username__iexact=text)
        | Q(first_name__icontains=text)
        | Q(last_name__icontains=text)
        | Q(employee__name__icontains=text)
        | Q(elected_terms__full_name__icontains=text)
    )
    if len(digits) == 18:
        match |= Q(employee__nip=digits)
    found = get_user_model().objects.filter(match).values_list("username", flat=True).distinct()
    return sorted({text, *found})


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _case_events() -> QuerySet[Event]:
    return Event.objects.filter(object_type="case", object_id=Cast(OuterRef("pk"), output_field=CharField()))


def search_cases(filters: dict) -> QuerySet[Case]:
    """The cases matching every filter given, newest first."""
    cases = Case.objects.select_related("initiating_unit")
    if filters.get("nip"):
        nip = filters["nip"]
        lookup = {"employee__nip": nip} if len(nip) == 18 else {"employee__nip__startswith": nip}
        cases = cases.filter(Exists(CaseItem.objects.filter(case=OuterRef("pk"), **lookup)))
    if filters.get("name"):
        items = CaseItem.objects.filter(case=OuterRef("pk"), employee__name__icontains=filters["name"])
        cases = cases.filter(Exists(items))
    if filters.get("unit"):
        touched = Case.units.through.objects.filter(case_id=OuterRef("pk"), orgunit__code=filters["unit"])
        cases = cases.filter(Probe(touched))
    if filters.get("kind"):
        cases = cases.filter(kind__in=filters["kind"])
    if filters.get("status"):
        cases = cases.filter(status__in=filters["status"])
    if any(filters.get(name) for name in ("event", "actor", "date_from", "date_to")):
        # One condition on one event: "this person did this to the case in this period".
        events = _case_events()
        if filters.get("event"):
            # Old ledgers recorded some types under their old codes (case.transfer.submitted).
            codes = [spelling for code in filters["event"] for spelling in event_types.spellings(code)]
            events = events.filter(action__in=codes)
        if filters.get("actor"):
            events = events.filter(actor_username__in=actor_usernames(filters["actor"]))
        if filters.get("date_from"):
            events = events.filter(at__gte=_day_start(filters["date_from"]))
        if filters.get("date_to"):
            events = events.filter(at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
        cases = cases.filter(Exists(events))
    return cases.order_by("-created_at", "-pk")


def with_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a result row shows: the employees, and the case's last event (two subqueries)."""
    last = _case_events().order_by("-seq")
    return cases.annotate(
        last_event_at=Subquery(last.values("at")[:1]), last_event_seq=Subquery(last.values("seq")[:1])
    ).prefetch_related(
        Prefetch("items", queryset=CaseItem.objects.select_related("employee").order_by("position_in_case"))
    )


def case_for_inspection(pk: int) -> Case:
    """Any case (inspectors see them all) with what the pages compare with the ledger; 404."""
    case = (
        Case.objects.select_related("initiating_unit", "decree")
        .prefetch_related("items__employee", "attachments")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def units_with_cases() -> QuerySet[OrgUnit]:
    """The units to offer in the unit filter: those some case touches."""
    # EXISTS per unit (a probe of the units' index), not a join: the join read every case's units.
    touched = Case.units.through.objects.filter(orgunit=OuterRef("pk"))
    return OrgUnit.objects.filter(Exists(touched)).order_by("name")
