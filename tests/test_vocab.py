"""The SKOS vocabularies are the one list of codes: datapackage.json enums must match them."""

from __future__ import annotations

import json
import re

import pytest

from kg import vocab
from kg.namespaces import DK
from kg.paths import DATA_DIR, QUERIES_DIR

DESCRIPTOR = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
CODED = [(r["name"], f) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]
         if "dipkg:scheme" in f and not f.get("dipkg:listOfCodes")]
LISTS = [(r["name"], f) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"] if f.get("dipkg:listOfCodes")]


def test_every_coded_column_names_a_scheme() -> None:
    assert sorted(f"{t}.{f['name']}" for t, f in CODED) == [
        "accounts.holder_type", "application_steps.step", "applications.outcome", "incidents.kind",
        "indicators.indicator", "indicators.unit", "instruments.kind", "memberships.role", "missions.kind", "offices.holder_type",
        "organisations.kind", "relations.event", "states.un_status"]


def test_code_lists_name_a_scheme_and_leave_the_codes_to_it() -> None:
    assert [(t, f["name"], f["dipkg:scheme"]) for t, f in LISTS] == [
        ("campaigns", "themes", str(DK.NarrativeThemeScheme)), ("campaigns", "audiences", str(DK.AudienceScheme))]
    assert all("enum" not in f["constraints"] for _, f in LISTS)


@pytest.mark.parametrize(("table", "field"), CODED, ids=[f"{t}.{f['name']}" for t, f in CODED])
def test_enum_equals_the_scheme_notations(table: str, field: dict) -> None:
    assert sorted(field["constraints"]["enum"]) == sorted(vocab.notations(field["dipkg:scheme"]))


def test_concepts_are_looked_up_by_notation() -> None:
    assert vocab.concept(DK.MissionTypeScheme, "consulate_general").value == str(DK.ConsulateGeneral)
    assert vocab.concept(DK.MembershipRoleScheme, "permanent_member").value == str(DK.PermanentMemberRole)
    with pytest.raises(KeyError, match='"ambassador" is not a notation of .*MissionTypeScheme'):
        vocab.concept(DK.MissionTypeScheme, "ambassador")


def test_mission_types_are_aligned_with_wikidata() -> None:
    import rdflib
    from rdflib.namespace import SKOS

    from kg.paths import ONTOLOGY_DIR

    g = rdflib.Graph().parse(ONTOLOGY_DIR / "vocab" / "mission-type.ttl", format="turtle")
    wd = "http://www.wikidata.org/entity/"
    assert {str(s).rsplit("#", 1)[1]: str(o).removeprefix(wd) for s, o in g.subject_objects(SKOS.exactMatch)} == {
        "Embassy": "Q3917681", "ConsulateGeneral": "Q372690", "Consulate": "Q7843791", "PermanentMission": "Q2360219"}
    assert str(g.value(rdflib.URIRef(str(DK.HonoraryConsulate)), SKOS.broadMatch)) == wd + "Q7843791"


def _terms(listed: str) -> set[str]:
    """The IRIs of a query's list of dk: terms (``dk:A, dk:B`` or ``dk:A dk:B``)."""
    return {str(DK[term.removeprefix("dk:")]) for term in re.split(r"[\s,]+", listed.strip())}


def _listing(*patterns: re.Pattern[str]) -> list[str]:
    """The questions in whose text one of ``patterns`` is found."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in QUERIES_DIR.glob("*.rq")}
    return sorted(name for name, text in texts.items() if any(pattern.search(text) for pattern in patterns))


#: The questions that list the full roles, or the other roles, to tell a full member (a role
#: IN (...) works on every engine; a skos:broader* path joined to the memberships lost rows on
#: Virtuoso 7.2): each list must be the vocabulary's roles under dk:MemberRole, or the rest of
#: the scheme.
FULL_ROLES = re.compile(r"IN \((dk:MemberRole[^)]*)\)")
NOT_FULL = re.compile(r"VALUES \?not_full \{([^}]*)\}")
LISTING_ROLES = _listing(FULL_ROLES, NOT_FULL)


def test_the_questions_that_list_the_roles() -> None:
    assert LISTING_ROLES == ["bloc-members-wikidata", "bloc-recognition", "digital-vs-traditional", "traditional-reach"]


@pytest.mark.parametrize("name", LISTING_ROLES)
def test_the_questions_count_as_full_members_the_roles_the_vocabulary_puts_under_member(name: str) -> None:
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    full = {vocab.concept(DK.MembershipRoleScheme, code).value for code in vocab.within(DK.MembershipRoleScheme, "member")}
    every = set(vocab.notations(str(DK.MembershipRoleScheme)).values())
    assert full == {str(DK[r]) for r in ("MemberRole", "PermanentMemberRole", "ElectedMemberRole")}
    assert len(FULL_ROLES.findall(text) + NOT_FULL.findall(text)) == 1
    for listed in FULL_ROLES.findall(text):
        assert _terms(listed) == full
    for listed in NOT_FULL.findall(text):
        assert _terms(listed) == every - full


#: The questions that list the career mission types, or the other types, to tell where a state
#: resides: each list must be the vocabulary's collection (dk:CareerMissionTypes) or the rest of
#: the scheme.
CAREER = re.compile(r"IN \((dk:Embassy[^)]*)\)")
NOT_CAREER = re.compile(r"VALUES \?not_career \{([^}]*)\}")
LISTING_MISSION_TYPES = _listing(CAREER, NOT_CAREER)


def test_the_questions_that_list_mission_types() -> None:
    assert LISTING_MISSION_TYPES == ["mission-network", "traditional-reach"]


@pytest.mark.parametrize("name", LISTING_MISSION_TYPES)
def test_the_questions_count_as_career_missions_the_types_the_vocabulary_collects(name: str) -> None:
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    career = set(vocab.statements()[str(DK.CareerMissionTypes)][vocab.PREFIXES["skos"] + "member"])
    every = set(vocab.notations(str(DK.MissionTypeScheme)).values())
    assert career == {str(DK[t]) for t in ("Embassy", "ConsulateGeneral", "Consulate", "LiaisonOffice")}
    for listed in CAREER.findall(text):
        assert _terms(listed) == career
    for listed in NOT_CAREER.findall(text):
        assert _terms(listed) == every - career
