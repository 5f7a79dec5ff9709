from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from personnel.models import OrgUnit

from .models import MAX_CONTACT, MAX_TEXT, Feedback, normalise_code

MIN_TEXT = 10


def opd_choices():
    return OrgUnit.objects.filter(is_active=True, parent__kind=OrgUnit.Kind.REGION).order_by("name")


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you sending?"), choices=Feedback.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your feedback"),
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most %(count)s characters. Do not write other people's personal data.")
        % {"count": MAX_TEXT},
    )
    unit = forms.ModelChoiceField(
        label=_("Unit concerned (optional)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("not sure"),
    )
    sender_name = forms.CharField(label=_("Your name (optional)"), max_length=MAX_CONTACT, required=False)
    sender_contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        max_length=MAX_CONTACT,
        required=False,
        help_text=_("Only the Inspectorate sees your name and contact."),
    )
    # The honeypot: hidden from people (and from screen readers), filled in by form-filling bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = opd_choices()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class TriageForm(forms.Form):
    forward = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Forward to the unit for a response")), ("0", _("Not actionable: close it"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        required=False,  # needed only to forward (services.feedback_triage says so)
        empty_label=_("choose the unit to forward to"),
    )
    note = forms.CharField(
        label=_("Note (why)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = opd_choices()


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("The unit's response"), widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_TEXT
    )


class CloseForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion (internal)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
    )
    public_answer = forms.CharField(
        label=_("Answer to the sender"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        help_text=_("The sender reads this with the tracking code."),
    )
