"""The rule set's version: derived from the rules' code and the parameters in force."""

from __future__ import annotations

import copy
import pkgutil

from decisions.models import PolicyParameter
from decisions.policy import rules
from decisions.policy.defaults import DEFAULTS
from decisions.policy.engine import code_modules, configured, parameters, version


def test_the_version_covers_every_module_of_the_rules_package():
    hashed = {module.__name__ for module in code_modules()}
    package = {f"{rules.__name__}.{info.name}" for info in pkgutil.iter_modules(rules.__path__)}
    assert package <= hashed
    assert {"decisions.policy.engine", "decisions.policy.facts", "decisions.policy.dates"} <= hashed
    assert "personnel.workdays" in hashed


def test_the_same_rules_and_parameters_give_the_same_version(db):
    assert version(parameters()) == version(parameters())


def test_a_changed_parameter_gives_a_new_version(db):
    before = version(parameters())
    PolicyParameter.objects.create(key="jpt_max_age", value=58)
    assert parameters()["jpt_max_age"] == 58
    assert version(parameters()) != before


def test_a_dotted_parameter_changes_one_entry_of_a_nested_one(db, settings):
    PolicyParameter.objects.create(key="override_roles.vacancy", value=["official"])
    PolicyParameter.objects.create(key="bup_ages.default", value=60)
    params = parameters()
    assert params["override_roles"]["vacancy"] == ["official"]
    assert params["override_roles"]["time_in_post"] == configured()["override_roles"]["time_in_post"]
    assert params["bup_ages"] == {**configured()["bup_ages"], "default": 60}
    assert configured()["override_roles"]["vacancy"] == ["signer"]  # the defaults stay untouched


def test_the_configured_parameters_are_a_copy_that_shares_nothing(settings):
    settings.SAHIH_POLICY = {**settings.SAHIH_POLICY, "odd": ({"a": [1]}, {2, 3}, 1.5)}
    expected = copy.deepcopy({**DEFAULTS, **settings.SAHIH_POLICY})
    params = configured()
    assert params == expected
    assert type(params["odd"]) is tuple and params["odd"] is not settings.SAHIH_POLICY["odd"]
    params["odd"][0]["a"].append(2)
    params["experience"]["pengawas"][0]["posts"].append("anything")
    params["bup_ages"]["default"] = 99
    assert configured() == expected
    assert DEFAULTS["experience"]["pengawas"][0]["posts"] == expected["experience"]["pengawas"][0]["posts"]
