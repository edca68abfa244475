"""The rules file states the specification's numbers; these tests hold it to the sums the text states."""

from __future__ import annotations

from importlib import resources

import pytest

from scoring import __about__
from scoring.errors import RulesError
from scoring.rules import Characteristic, load_rules, rules_from_toml

RULES = load_rules()


def test_scheme_is_the_one_this_package_names() -> None:
    assert (RULES.scheme.id, RULES.scheme.version) == (__about__.SCHEME_ID, __about__.SCHEME_VERSION)
    assert RULES.scheme.full_id == "CTS TBSC55-2026 B/0"


def test_appendix_1_has_19_items_totalling_100_points() -> None:
    assert len(RULES.service.items) == 19
    assert sum(item.max_points for item in RULES.service.items) == RULES.service.stated_total == 100


@pytest.mark.parametrize("characteristic", RULES.service.characteristics, ids=lambda c: f"{c.id} {c.name.zh}")
def test_each_characteristic_total_is_the_sum_of_its_items(characteristic: Characteristic) -> None:
    items = RULES.service.items_of(characteristic.id)
    assert items, "every characteristic has items"
    assert sum(item.max_points for item in items) == characteristic.stated_points


def test_appendix_3_has_21_clauses_totalling_145_points() -> None:
    assert len(RULES.management.clauses) == 21
    assert sum(c.weight for c in RULES.management.clauses) == RULES.management.stated_total == 145
    assert {c.weight for c in RULES.management.clauses} == {5, 10}


def test_grade_bands_run_from_20_to_145_without_gaps() -> None:
    grades = RULES.management.grades
    assert [g.grade for g in grades] == [1, 2, 3, 4, 5]
    assert [(g.lower, g.upper) for g in grades] == [(20, 45), (45, 70), (70, 95), (95, 105), (105, 145)]
    assert grades[-1].upper == RULES.management.stated_total


def test_likert_bands_cover_0_to_1() -> None:
    bands = RULES.service.likert_bands
    assert [str(b.upper) for b in bands] == ["0.2", "0.4", "0.6", "0.8", "1"]
    assert [b.label.zh for b in bands] == ["远低于预期", "低于预期", "符合预期", "高于预期", "远高于预期"]


def test_profiles_final_and_table() -> None:
    cert = RULES.certification
    assert cert.default_profile == "final"
    table = {p.id: [(lv.stars, str(lv.min_service_score), lv.min_grade) for lv in p.levels] for p in cert.profiles}
    assert table == {
        "final": [(5, "95", 4), (4, "90", 3), (3, "80", 2)],
        "table": [(5, "90", 4), (4, "80", 3), (3, "60", 2)],
    }


def test_every_entry_cites_its_clause() -> None:
    entries = [
        *RULES.service.likert_bands,
        *RULES.service.characteristics,
        *RULES.service.items,
        *RULES.management.grades,
        *RULES.management.groups,
        *RULES.management.clauses,
        *RULES.certification.profiles,
        *(lv for p in RULES.certification.profiles for lv in p.levels),
    ]
    assert all(entry.clause for entry in entries)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('upper = "0.4"', 'upper = "0.45"'), "Likert band 3 does not start where band 2 ends"),
        (("lower = 70", "lower = 71"), "grade 3 does not start where grade 2 ends"),
        (('default_profile = "final"', 'default_profile = "text"'), "default profile 'text' is not defined"),
        (('alpha_max = "1"', "alpha_max = 1"), "expected a decimal string"),
    ],
)
def test_an_inconsistent_rules_file_is_refused(edit: tuple[str, str], message: str) -> None:
    text = resources.files("scoring").joinpath("rules.toml").read_text(encoding="utf-8")
    assert edit[0] in text
    with pytest.raises(RulesError, match=message):
        rules_from_toml(text.replace(edit[0], edit[1], 1))
