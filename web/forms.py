"""Forms of the web pages. They only read and check input; services decide everything."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.kinds import DATA_CHOICES
from decisions.models import Attachment, CaseKind
from decisions.selectors import employee_by_nip
from decisions.signing import OneTimeSecret, get_signer
from personnel.models import EDUCATION_RANK, Employee, Position
from personnel.roles import ROLE_LABELS
from workflows.flows import ROUTES

from .pickers import choice_of, ordered_positions, position_label


class PositionSelect(forms.Select):
    """Options carry the position's code, which the live rule check sends to the API, and
    its requirements, with which the picker marks the posts that do not fit the employee
    chosen (sahih/pickers.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-code"] = instance.code
            option["attrs"]["data-free"] = getattr(instance, "free", "")
            option["attrs"]["data-min-rank"] = instance.min_rank_id or ""
            option["attrs"]["data-max-rank"] = instance.max_rank_id or ""
            option["attrs"]["data-min-rank-name"] = instance.min_rank.golongan if instance.min_rank_id else ""
            option["attrs"]["data-max-rank-name"] = instance.max_rank.golongan if instance.max_rank_id else ""
            option["attrs"]["data-min-education"] = EDUCATION_RANK.get(instance.min_education, "")
            option["attrs"]["data-min-education-name"] = instance.get_min_education_display()
        return option


class PositionChoiceField(forms.ModelChoiceField):
    """The position picker: posts with a free place first, each with its unit, kind, rank
    range and free places, and why it does not fit the employee chosen (web/pickers.py)."""

    widget = PositionSelect
    employee: Employee | None = None

    def label_from_instance(self, position: Position) -> str:
        return position_label(choice_of(position, self.employee))


def position_choices():
    return ordered_positions()


class CaseForm(forms.Form):
    """The request a clerk fills in: who, where to, from when, why."""

    kind = forms.ChoiceField(label=_("Kind of decision"))
    employee = forms.CharField(
        label=_("Employee (name or NIP)"),
        max_length=30,
        help_text=_(
            "Type a name or a NIP and choose from the list (↓): 18 digits, spaces allowed, "
            "19860926 201505 1 001"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "employee-options"}),
    )
    target_position = PositionChoiceField(
        label=_("New position"), queryset=Position.objects.none(), required=False
    )
    effective_date = forms.DateField(
        label=_("Effective date (TMT)"),
        required=False,
        help_text=_("For a death leave it empty: it is the first day of the month after the death."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment_kind = forms.ChoiceField(
        label=_("Document"), choices=Attachment.Kind.choices, required=False, initial="request_letter"
    )
    attachment = forms.FileField(
        label=_("File (PDF, PNG or JPEG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    more_employees = forms.CharField(
        label=_("More employees (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "For a rotation: “NIP; code of the new position” on each line. For a JPT selection: "
            "“NIP; score” for the panel's other candidates. For retirements and for CPNS appointed PNS: "
            "one NIP per line."
        ),
    )

    # What each kind must also carry (decisions/kinds.py names the required ones); the page
    # shows the fields of the chosen kind.
    destination_region = forms.CharField(label=_("Destination region"), required=False, max_length=120)
    origin_region = forms.CharField(label=_("Region of origin"), required=False, max_length=120)
    final_issuer = forms.ChoiceField(
        label=_("Who issues the final SK"),
        required=False,
        choices=[("", "—"), *DATA_CHOICES["final_issuer"].items()],
    )
    origin_decree_number = forms.CharField(
        label=_("Number of the decision that transfers the employee"), required=False, max_length=120
    )
    origin_decree_date = forms.DateField(
        label=_("Date of the decision that transfers the employee"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    pertek_number = forms.CharField(label=_("Pertek number"), required=False, max_length=80)
    pertek_date = forms.DateField(
        label=_("Pertek date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    functional_route = forms.ChoiceField(
        label=_("Route into the functional post"),
        required=False,
        choices=[("", "—"), *DATA_CHOICES["functional_route"].items()],
    )
    competency_test_passed = forms.BooleanField(label=_("Competency test passed"), required=False)
    competency_test_score = forms.CharField(label=_("Competency test score"), required=False, max_length=20)
    request_date = forms.DateField(
        label=_("Date of the request letter"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_of_death = forms.DateField(
        label=_("Date of death"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    death_certificate_number = forms.CharField(
        label=_("Death certificate number"), required=False, max_length=80
    )
    sanction_decree_number = forms.CharField(
        label=_("Number of the sanction decree"), required=False, max_length=80
    )
    health_certificate_number = forms.CharField(
        label=_("Number of the health board certificate"), required=False, max_length=80
    )
    target_decree = forms.CharField(
        label=_("Number of the SK to correct or revoke"), required=False, max_length=80
    )
    correction = forms.CharField(
        label=_("What is corrected"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revocation_defect = forms.ChoiceField(
        label=_("Defect of the decree revoked"),
        required=False,
        choices=[("", "—"), *DATA_CHOICES["revocation_defect"].items()],
    )
    revocation_reason = forms.CharField(
        label=_("What the defect is"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    KIND_FIELDS = {
        "transfer_out": ("destination_region", "final_issuer"),
        "transfer_in": (
            "origin_region",
            "final_issuer",
            "origin_decree_number",
            "origin_decree_date",
            "pertek_number",
            "pertek_date",
        ),
        "appointment_functional": ("functional_route", "competency_test_passed", "competency_test_score"),
        "dismissal_own_request": ("request_date",),
        "dismissal_death": ("date_of_death", "death_certificate_number"),
        "dismissal_discipline": ("sanction_decree_number",),
        "dismissal_unfit": ("health_certificate_number",),
        "correction": ("target_decree", "correction"),
        "revocation": ("target_decree", "revocation_defect", "revocation_reason"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, CaseKind(kind).label) for kind in ROUTES]
        self.fields["target_position"].queryset = position_choices()
        # The posts that do not fit the employee already chosen are marked server-side too
        # (a form shown again, the edit form); the script marks them as one types.
        nip = self.data.get("employee") if self.is_bound else self.initial.get("employee")
        digits = "".join(ch for ch in str(nip or "") if ch.isdigit())
        if len(digits) == 18:
            self.fields["target_position"].employee = (
                Employee.objects.select_related("rank").filter(nip=digits).first()
            )

    def kind_fields(self):
        """The kind-specific fields, each with the kinds it belongs to (for the page)."""
        kinds_of: dict[str, list[str]] = {}
        for kind, names in self.KIND_FIELDS.items():
            for name in names:
                kinds_of.setdefault(name, []).append(kind)
        return [(self[name], " ".join(kinds)) for name, kinds in kinds_of.items()]

    def clean_employee(self) -> Employee:
        return employee_by_nip(self.cleaned_data["employee"])

    def clean_more_employees(self) -> list[tuple[Employee, str]]:
        """Each line: a NIP, then optionally a position code or a score after a ``;``."""
        rows, errors = [], []
        for number, line in enumerate((self.cleaned_data.get("more_employees") or "").splitlines(), 1):
            if not line.strip():
                continue
            nip, _sep, rest = line.partition(";")
            try:
                rows.append((employee_by_nip(nip), rest.strip()))
            except forms.ValidationError as error:
                errors.append(_("Line %(line)s: %(error)s") % {"line": number, "error": error.messages[0]})
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def case_data(self) -> dict:
        """The case data of the chosen kind, from the fields that were filled in."""
        data = self.cleaned_data
        kind = data.get("kind")
        values = {}
        for name in self.KIND_FIELDS.get(kind, ()):
            value = data.get(name)
            if name.startswith("competency_test") or name == "target_decree" or value in (None, ""):
                continue
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
        if kind == "appointment_functional" and (
            data.get("competency_test_passed") or data.get("competency_test_score")
        ):
            values["competency_test"] = {
                "passed": bool(data.get("competency_test_passed")),
                "score": data.get("competency_test_score") or None,
            }
        if kind == "appointment_jpt":
            values["shortlist"] = [
                {"nip": employee.nip, "score": extra or None}
                for employee, extra in [(data["employee"], ""), *data.get("more_employees", [])]
            ]
        return values

    def items(self, *, position_by_code) -> list:
        """The employees of the case: the first one, then the other lines."""
        from decisions.services import ItemInput

        kind = self.cleaned_data["kind"]
        target = self.cleaned_data.get("target_position")
        items = [ItemInput(employee=self.cleaned_data["employee"], to_position=target)]
        for employee, extra in self.cleaned_data.get("more_employees", []):
            if kind == "appointment_jpt":
                position = target  # the panel's other candidates for the same post
            elif kind == "transfer" and extra:
                position = position_by_code(extra)
            else:
                position = None
            items.append(ItemInput(employee=employee, to_position=position))
        return items


ACTIONS = ("approve", "sign", "record", "choose", "postpone", "resubmit", "return", "reject")


@dataclass
class Answer:
    """How the form answers one finding: ``how`` is ``override`` (a block this person may
    override), ``justify`` (a warning that needs a written justification), ``ack`` (a plain
    warning), ``signed`` (acknowledged by signing), ``done`` (answered earlier in the case),
    ``refused`` (a block only others may override) or ``nobody`` (no one may override it)."""

    finding: dict
    how: str
    fields: list = field(default_factory=list)
    note: str = ""


class FindingAnswers(forms.Form):
    """The answers to the rule findings, exactly as the API takes them: a justification
    (with optional evidence) for each block this person may override and each warning that
    needs one, an acknowledgement for each plain warning. ``preview`` is the dry run of the
    gate (decisions.policy.preview); ``evidence`` the case's override-evidence files;
    ``uploads`` lets the proposer attach a new one; ``signing`` makes the signature itself
    the acknowledgement of the warnings shown."""

    def add_answers(self, preview, *, evidence=(), uploads=False, signing=False) -> None:
        self.answers: list[Answer] = []
        self.findings = list(preview.findings) if preview else []
        if preview is None:
            return
        for finding in self.findings:
            answer = self._answer(finding, preview, signing)
            if answer.how in ("override", "justify"):
                answer.fields = self._justification_fields(finding["key"], preview, evidence, uploads)
            elif answer.how in ("ack", "signed"):
                name = f"ack__{finding['key']}"
                self.fields[name] = forms.BooleanField(
                    label=_("I have read this warning"),
                    required=False,
                    initial=answer.how == "signed",
                    widget=forms.HiddenInput if answer.how == "signed" else forms.CheckboxInput,
                )
                answer.fields = [name]
            self.answers.append(answer)

    @staticmethod
    def _answer(finding: dict, preview, signing: bool) -> Answer:
        key, roles = finding["key"], set(finding.get("override_roles") or ())
        if finding["severity"] == "block":
            if key in preview.overridden:
                return Answer(
                    finding, "done", note=_("Overridden earlier in this case, with a justification.")
                )
            if not roles:
                return Answer(finding, "nobody")
            if roles & preview.roles:
                return Answer(finding, "override")
            names = ", ".join(str(ROLE_LABELS.get(role, role)) for role in sorted(roles))
            return Answer(
                finding,
                "refused",
                note=_("Only %(roles)s may override this finding: fix it, or ask them.") % {"roles": names},
            )
        if finding.get("justification_required") and key not in preview.justified:
            return Answer(finding, "justify")
        return Answer(finding, "signed" if signing else "ack")

    def _justification_fields(self, key: str, preview, evidence, uploads: bool) -> list[str]:
        names = [f"override__{key}"]
        self.fields[names[0]] = forms.CharField(
            label=_("Written justification (at least %(min)s characters)") % {"min": preview.min_chars},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        if evidence:
            self.fields[f"evidence__{key}"] = forms.TypedChoiceField(
                label=_("Evidence from the case file (optional)"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *evidence],
            )
            names.append(f"evidence__{key}")
        if uploads:
            self.fields[f"evidence_file__{key}"] = forms.FileField(
                label=_("Attach evidence (optional; PDF, PNG or JPEG)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
            )
            names.append(f"evidence_file__{key}")
        return names

    def evidence_uploads(self) -> dict:
        """The files attached to answers: {finding key: upload}."""
        return {
            name[len("evidence_file__") :]: upload
            for name, upload in self.cleaned_data.items()
            if name.startswith("evidence_file__") and upload
        }

    def policy_answers(self, uploaded: dict | None = None) -> tuple[dict, list]:
        """``overrides`` and ``acknowledged`` as the gate takes them; ``uploaded`` maps a
        finding's key to the id of the evidence file just stored for it."""
        overrides, acknowledged = {}, []
        data = getattr(self, "cleaned_data", {})
        for name, value in data.items():
            if name.startswith("ack__") and value:
                acknowledged.append(name[len("ack__") :])
            if name.startswith("override__") and value:
                key = name[len("override__") :]
                attachment = (uploaded or {}).get(key) or data.get(f"evidence__{key}")
                overrides[key] = {"justification": value, "attachment": attachment} if attachment else value
        return overrides, acknowledged


class SubmitForm(FindingAnswers):
    """The proposer's submission: the answers to the findings, nothing else."""

    def __init__(self, *args, preview=None, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_answers(preview, evidence=evidence, uploads=True)


class DecisionForm(FindingAnswers):
    """An official's decision on a task: the facts the stage asks to record, a note, and
    answers to the rule findings."""

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, preview=None, stage=None, items=(), evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fact_fields: list[str] = []
        for record in getattr(stage, "records", ()):
            for fact in record.facts:
                self.fields[f"fact__{fact.key}"] = self._fact_field(fact, items)
                self.fact_fields.append(f"fact__{fact.key}")
            if record.document and "document" not in self.fields:
                self.fields["document"] = forms.FileField(
                    label=_("Scan of the document (PDF, PNG or JPEG)"),
                    required=False,
                    widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
                )
                self.fact_fields.append("document")
        if stage is not None and "sign" in stage.actions and get_signer().needs_secret:
            # Typed at every signing, sent to BSrE only: never shown again, stored or logged.
            self.fields["passphrase"] = forms.CharField(
                label=_("BSrE passphrase"),
                required=False,
                strip=False,
                max_length=256,
                widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                help_text=_(
                    "The SK is signed with your certified electronic signature (TTE) at BSrE. Type the "
                    "passphrase of your BSrE certificate; it goes to BSrE only and is never stored."
                ),
            )
        self.add_answers(preview, evidence=evidence, signing="sign" in getattr(stage, "actions", ()))

    @staticmethod
    def _fact_field(fact, items) -> forms.Field:
        # Every fact is optional here: which ones an action needs is the service's to say.
        if fact.kind == "date":
            return forms.DateField(
                label=fact.label,
                required=False,
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            )
        if fact.kind == "item":
            return forms.TypedChoiceField(
                label=fact.label,
                required=False,
                coerce=int,
                widget=forms.RadioSelect,
                choices=[
                    (item.position_in_case, f"{item.employee.full_name} ({item.employee.nip_display})")
                    for item in items
                ],
            )
        return forms.CharField(
            label=fact.label, required=False, initial=fact.default() if fact.default is not None else None
        )

    def facts(self) -> dict:
        return {
            name[len("fact__") :]: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in self.cleaned_data.items()
            if name.startswith("fact__") and value not in (None, "")
        }

    def document(self) -> tuple[str, bytes] | None:
        upload = self.cleaned_data.get("document")
        return (upload.name, upload.read()) if upload else None

    def secret(self) -> OneTimeSecret | None:
        typed = self.cleaned_data.get("passphrase")
        return OneTimeSecret("passphrase", typed) if typed else None


class DropItemsForm(forms.Form):
    """Drop some employees from a collective case (batch handling of its items)."""

    items = forms.TypedMultipleChoiceField(
        label=_("Employees to drop"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [
            (
                item.position_in_case,
                f"{item.position_in_case}. {item.employee.full_name} ({item.employee.nip_display})",
            )
            for item in items
        ]


class ReassignForm(forms.Form):
    to = forms.CharField(label=_("Username of the official who takes over"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
