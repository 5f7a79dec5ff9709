"""Who acts for a post (``holder_of``): the substantive holder's row also says whether a Plt or
Plh acts, so a post with its holder and nobody acting costs one statement (issue 15 §1: the
next stage's decider), and an acting decree still wins over the holder."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from personnel.models import ActingAssignment, Employee
from personnel.selectors import holder_of
from tests.factories import UserFactory


def _acting(position, username, kind="plh"):
    today = timezone.localdate()
    user = UserFactory(username=username, roles=["official"], first_name=f"{kind} {username}")
    ActingAssignment.objects.create(
        position=position,
        kind=kind,
        user=user,
        start=today,
        end=today + timedelta(days=10),
        decree_number="800.1.3.3/7/BKPSDM/2026",
        decree_date=today,
    )
    return user


def test_a_post_with_its_holder_and_nobody_acting_costs_one_statement(city, django_assert_num_queries):
    position = city.head_bpkad.employee.position
    with django_assert_num_queries(1):
        holder = holder_of(position, on=timezone.localdate())
    assert holder.user == city.head_bpkad and holder.basis == "holder" and not holder.is_acting


def test_a_plh_acts_for_a_post_that_has_its_holder(city, django_assert_num_queries):
    position = city.head_bpkad.employee.position
    plh = _acting(position, "plh_bpkad")
    with django_assert_num_queries(2):
        holder = holder_of(position, on=timezone.localdate())
    assert holder.user == plh and holder.basis == "plh" and holder.is_acting


def test_a_plt_acts_for_a_post_without_a_holder(city):
    position = city.head_bpkad.employee.position
    Employee.objects.filter(position=position).update(position=None)
    plt = _acting(position, "plt_bpkad", kind="plt")
    holder = holder_of(position, on=timezone.localdate())
    assert holder.user == plt and holder.basis == "plt"


def test_a_post_with_neither_is_vacant(city):
    position = city.head_bpkad.employee.position
    Employee.objects.filter(position=position).update(position=None)
    holder = holder_of(position, on=timezone.localdate())
    assert holder.user is None and holder.basis == "vacant"


def test_the_elected_regional_head_or_a_plt_acting_for_them(city):
    from personnel.selectors import regional_head_position

    position = regional_head_position()
    today = timezone.localdate()
    assert holder_of(position, on=today).user == city.walikota
    plt = _acting(position, "plt_walikota", kind="plt")
    assert holder_of(position, on=today).user == plt
