from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.formats import number_format
from django.utils.functional import cached_property

from decisions.errors import Conflict, Invalid, Refused


def apply_service_error(form: forms.Form, error: Exception) -> None:
    """Show a service's refusal on the form: next to its field when it names one."""
    if isinstance(error, Invalid):
        placed = False
        for field, messages in error.fields.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
            placed = True
        if not placed:
            form.add_error(None, error.messages[0])
    elif isinstance(error, (Refused, Conflict)):
        form.add_error(None, error.message)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages[0])
    else:
        raise error


class CappedPaginator(Paginator):
    """Counts at most ``CAP`` + 1 items: past that the list says "more than 1,000", so the
    count of a long list costs the same whatever the archive holds (issue 15 §4). Its pages
    reach as far as the count does; the filters narrow a long list, paging does not."""

    CAP = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP

    @property
    def cap_label(self) -> str:
        return number_format(self.CAP, force_grouping=True)


def paginate(request, items, per_page: int = 25, *, capped: bool = False):
    paginator = (CappedPaginator if capped else Paginator)(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def with_items(tasks) -> list:
    """The tasks, with their cases' employees loaded in two queries (for lists)."""
    from decisions.models import CaseItem

    tasks = list(tasks)
    prefetch_related_objects(
        [task.process.case for task in tasks],
        Prefetch("items", queryset=CaseItem.objects.select_related("employee").order_by("position_in_case")),
    )
    return tasks
