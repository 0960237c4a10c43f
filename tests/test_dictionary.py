"""The data dictionary (kg/dictionary.py): every class and property of the ontology on the page with
an example from the shipped graph or the note that it has none, counts, columns and cardinalities
that agree with the CSVs, the mappers and the shapes, a page that is the same on every run, and
example queries (queries/dictionary/*.rq) that run with the answers the CSVs give."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import rdflib
from pyoxigraph import NamedNode
from rdflib.namespace import OWL, RDF

from kg import KnowledgeGraph, iris
from kg import queries as named
from kg.dictionary import EXAMPLES_DIR, FACTS, dictionary_page
from kg.dictionary_parts import ABSENT
from kg.load import ONTOLOGY_GRAPH
from kg.namespaces import DK
from kg.paths import ONTOLOGY_FILE
from kg.prefixes import ID_BASE

EXAMPLES = sorted(p.stem for p in EXAMPLES_DIR.glob("*.rq"))
EXAMPLE = re.compile(rf"\*\*Example:\*\* (`[^`]+`|{ABSENT})")


@pytest.fixture(scope="module")
def page(graph: KnowledgeGraph) -> str:
    return dictionary_page(graph)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")


def _declared(ontology: rdflib.Graph, *types: rdflib.URIRef) -> set[str]:
    return {f"dk:{s[len(str(DK)):]}" for t in types for s in ontology.subjects(RDF.type, t)
            if isinstance(s, rdflib.URIRef) and str(s).startswith(str(DK))}


def _sections(page: str, part: str) -> dict[str, str]:
    """The ``### `` sections of one ``## `` part of the page, by heading; a heading twice fails."""
    body = page.split(f"\n## {part}\n", 1)[1].split("\n## ", 1)[0]
    chunks = re.split(r"^### (.+)$", body, flags=re.MULTILINE)
    headings = chunks[1::2]
    assert len(headings) == len(set(headings)), "a term has two sections"
    return dict(zip(headings, chunks[2::2], strict=True))


def _table(section: str) -> dict[str, dict[str, str]]:
    """The rows of the first Markdown table of a section, by their first cell (without backticks)."""
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    if not lines:
        return {}
    header = [c.strip() for c in lines[0].strip("|").split(" | ")]
    rows = [dict(zip(header, (c.strip() for c in re.split(r"(?<!\\) \| ", line.strip("| "))), strict=True))
            for line in lines[2:]]
    return {row[header[0]].strip("`"): row for row in rows}


def _node(text: str) -> NamedNode:
    """The IRI a ``kind:key`` name of the page stands for."""
    kind, _, key = text.strip("`").partition(":")
    return NamedNode(f"{ID_BASE}{kind}/{key}")


# -- every term, with an example or the note ---------------------------------------------------

def test_every_class_has_a_section_with_an_example_or_the_note(page: str, ontology: rdflib.Graph,
                                                               graph: KnowledgeGraph) -> None:
    classes = _sections(page, "Classes")
    assert set(classes) == _declared(ontology, OWL.Class)
    for name, text in classes.items():
        example = EXAMPLE.search(text)
        assert example, f"{name} has neither an example nor the note"
        if example.group(1) == ABSENT:
            assert "**Instances:** 0 in the shipped graph" in text and "dipkg reason" in text, name
            continue
        assert any(graph.store.quads_for_pattern(_node(example.group(1)), None, None)), name   # a real resource
        table = _table(text)
        assert table, f"{name} has instances but no table of properties"
        for prop, row in table.items():
            assert row["example"].startswith("`") or row["example"] == ABSENT, (name, prop)


def test_every_property_has_a_section_with_an_example_or_the_note(page: str, ontology: rdflib.Graph,
                                                                  graph: KnowledgeGraph) -> None:
    properties = _sections(page, "Properties")
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    assert set(properties) == _declared(ontology, *kinds)
    for name, text in properties.items():
        example = re.search(rf"^- \*\*Example:\*\* (`.+`|{ABSENT}: .+)$", text, flags=re.MULTILINE)
        assert example, f"{name} has neither an example nor the note"
        used = any(q.graph_name != ONTOLOGY_GRAPH for q in graph.store.quads_for_pattern(
            None, NamedNode(str(DK) + name.removeprefix("dk:")), None))
        assert used == example.group(1).startswith("`"), name


def test_absent_terms_say_why(page: str) -> None:
    properties = _sections(page, "Properties")
    assert "`dipkg reason` infers it as the inverse of `dk:aboutRecognition`" in properties["dk:contestedBy"]
    assert "read from accounts.csv `mission`, empty in every row" in properties["dk:heldByMission"]
    assert "`dipkg import` writes it" in properties["dk:importedFrom"]
    classes = _sections(page, "Classes")
    assert "`dipkg reason` classifies individuals into it" in classes["dk:RecognisingState"]


# -- counts, columns, cardinalities, examples ----------------------------------------------------

def test_the_count_of_recognitions_is_the_rows_of_recognitions_csv(page: str, csv_recognitions: pd.DataFrame) -> None:
    assert f"**Instances:** {len(csv_recognitions)} in the shipped graph." in _sections(page, "Classes")["dk:Recognition"]


def test_a_superclass_counts_its_subclasses_instances(page: str, csv_states: pd.DataFrame, csv_acts: pd.DataFrame,
                                                      csv_claims: pd.DataFrame) -> None:
    classes = _sections(page, "Classes")
    assert f"**Instances:** {len(csv_states)} in the shipped graph (0 typed `dk:Polity` itself" in classes["dk:Polity"]
    assert f"**Instances:** {len(csv_acts) + len(csv_claims)} in the shipped graph (0 typed" in classes["dk:Claim"]


def test_columns_come_from_the_mappers(page: str) -> None:
    classes = _sections(page, "Classes")
    recognition = _table(classes["dk:Recognition"])
    assert recognition["dk:startDate"]["CSV column"] == "recognitions.csv `date`"
    assert recognition["dk:countsFrom"]["CSV column"] == "recognitions.csv `date`"   # its last day
    assert recognition["skos:note"]["CSV column"] == "recognitions.csv `notes`"
    assert _table(classes["dk:Polity"])["dk:recognises"]["CSV column"] == ""
    # a UN membership is derived from a states.csv row, whose columns describe the state
    assert _table(classes["dk:Membership"])["org:member"]["CSV column"] == "memberships.csv `member`; states.csv (derived)"


def test_cardinalities_come_from_the_shapes(page: str) -> None:
    classes = _sections(page, "Classes")
    assert _table(classes["dk:Source"])["dcterms:identifier"]["cardinality"] == "1"
    assert _table(classes["dk:Source"])["dk:url"]["cardinality"] == "0..1"
    recognition = _table(classes["dk:Recognition"])
    assert recognition["dk:startDate"]["cardinality"] == "1"
    assert recognition["prov:wasDerivedFrom"]["cardinality"] == "1..*"
    assert recognition["dk:countsFrom"]["cardinality"] == "—"        # no shape names it
    assert _table(classes["dk:Campaign"])["dk:theme"]["cardinality"] == "0..*"
    assert _table(classes["dk:State"])["dk:unStatus"]["cardinality"] == "1"   # the shape of dk:Polity


def test_examples_are_the_smallest_values(page: str, csv_recognitions: pd.DataFrame, csv_sources: pd.DataFrame) -> None:
    classes = _sections(page, "Classes")
    recognition = _table(classes["dk:Recognition"])
    assert recognition["dcterms:identifier"]["example"] == f'`"{min(csv_recognitions.id)}"`'
    assert recognition["dk:startDate"]["example"] == f'`"{min(csv_recognitions.date)}"^^xsd:date`'
    assert recognition["dk:recogniser"]["range"] == "dk:SovereignEntity or dk:State"
    assert _table(classes["dk:Source"])["dcterms:identifier"]["example"] == f'`"{min(csv_sources.id)}"`'


def test_every_kind_of_iri_is_listed(page: str) -> None:
    table = _table(page.split("\n## Identifiers and names\n", 1)[1].split("\n## ", 1)[0])
    assert set(table) == set(iris.KINDS)
    assert table["state"]["example"] == "`state:AFG`"
    assert "dkid:state\\/XKX" in page and "<https://w3id.org/dipkg/id/state/XKX>" in page
    assert "?recognition dk:recognised state:XKX ." in page


def test_the_derived_edges_are_explained(page: str) -> None:
    derived = page.split("\n## Derived edges\n", 1)[1].split("\n## ", 1)[0]
    for edge in ("dk:recognises", "org:memberOf", "dk:countsFrom", "dk:previousCount", "dk:monthEnd",
                 "dk:monthEndCount", "dk:latestCount", "dk:RecognitionStanding", "dk:standingOf", "dk:viewpoint",
                 "dk:heldFrom", "dk:heldUntil"):
        assert f"`{edge}`" in derived, edge
    assert "`elected_member`, `member`, `permanent_member`" in derived
    assert "--dk:heldUntil---> \"2019-08-26\"^^xsd:date" in derived


def test_the_facts_are_drawn_from_real_nodes(page: str) -> None:
    facts = page.split("\n## Facts as nodes\n", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^recognition:USA-XKX\n  --rdf:type-+> dk:Recognition$", facts, flags=re.MULTILINE)
    assert re.search(r"^  --dk:recogniser-+> state:USA  \(United States of America\)$", facts, flags=re.MULTILINE)
    assert "  state:USA --dk:recognises--> state:XKX" in facts
    assert "  state:ALB --org:memberOf--> organisation:NATO" in facts
    assert re.search(r"--dk:previousCount-+> follower-observation:followers\.x-ediramaal\.2012-08  "
                     r"\(Followers of @ediramaal on X \(formerly…\)$", facts, flags=re.MULTILINE)   # with its label
    assert re.search(r"--dk:datePrecision-+> dk:MonthPrecision$", facts, flags=re.MULTILINE)   # the Stockholm embassy
    assert facts.count("```text") == len(FACTS) and {f.query for f in FACTS} == set(EXAMPLES)


def test_the_page_is_the_same_on_every_run(page: str, graph: KnowledgeGraph) -> None:
    assert dictionary_page(graph) == page
    with KnowledgeGraph.build() as again:   # another store built from the same data
        assert dictionary_page(again) == page


# -- the example queries -------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_query_is_documented_and_answers(graph: KnowledgeGraph, name: str) -> None:
    query = named.load_query_file(EXAMPLES_DIR / f"{name}.rq")
    assert query.title and query.description and query.tags == ("dictionary",)
    assert all(p.description for p in query.params)
    assert len(named.run(graph.store, query)) > 0


def _ask(graph: KnowledgeGraph, name: str, **params: object) -> pd.DataFrame:
    return graph.query(str(EXAMPLES_DIR / f"{name}.rq"), **params)


def test_the_recognition_example(graph: KnowledgeGraph, csv_recognitions: pd.DataFrame) -> None:
    got = _ask(graph, "recognition").set_index("id")
    assert len(got) == (csv_recognitions.recognized == "XKX").sum()
    assert got.loc["USA-XKX", "date"] == pd.Timestamp("2008-02-18") and got.loc["USA-XKX", "precision"] == "day"
    assert got.loc["USA-XKX", "sources"] == "ina-mfa-list-2018;noa-2009-12-malawi;wp-recognition-of-kosovo"


def test_the_claim_examples(graph: KnowledgeGraph, csv_claims: pd.DataFrame, csv_acts: pd.DataFrame) -> None:
    withdrawals = _ask(graph, "withdrawal-claim").set_index("id")
    assert sorted(withdrawals.index) == sorted(csv_claims.id)
    stp = withdrawals.loc["wc-STP"]   # claimed in November 2017: counts from its last day
    assert (stp.precision, stp.counts_from, stp.disputed_by, stp.confirmed_by) == \
        ("month", pd.Timestamp("2017-11-30"), "XKX", "STP")
    acts = _ask(graph, "recognition-claim").set_index("id")
    assert sorted(acts.index) == sorted(csv_acts.id)
    assert acts.loc["rc-OMN", "ordinal"] == 75 and acts.loc["rc-JAM", "omitted_by"] == "XKX"
    assert acts.loc["rc-NGA", "disputed_by"] == "NGA;SRB"


def test_the_membership_example(graph: KnowledgeGraph, csv_memberships: pd.DataFrame) -> None:
    got = _ask(graph, "membership", organisation="EU").set_index("id")
    assert sorted(got.index) == sorted(csv_memberships[csv_memberships.organisation == "EU"].id)
    assert got.loc["GBR-EU", "end"] == pd.Timestamp("2020-01-31") and not got.loc["GBR-EU", "member_of"]
    nato = _ask(graph, "membership").set_index("id")
    assert nato.loc["ALB-NATO", "start"] == pd.Timestamp("2009-04-01") and nato.loc["ALB-NATO", "member_of"]
    assert (nato.member_of == (nato.end.isna() & nato.role.isin(["member", "permanent_member", "elected_member"]))).all()


def test_the_mission_example(graph: KnowledgeGraph, csv_missions: pd.DataFrame) -> None:
    got = _ask(graph, "mission").set_index("id")
    assert sorted(got.index) == sorted(csv_missions[csv_missions.sender == "ALB"].id)
    stockholm = got.loc["ALB-SWE-embassy-stockholm"]
    assert (stockholm.precision, stockholm.counts_from, stockholm.accredited_to) == \
        ("month", pd.Timestamp("1972-04-30"), "FIN;ISL;NOR")


def test_the_data_cube_examples(graph: KnowledgeGraph, csv_follower_observations: pd.DataFrame,
                                csv_indicators: pd.DataFrame) -> None:
    counts = _ask(graph, "follower-count")
    assert len(counts) == len(csv_follower_observations)
    latest = counts[(counts.account == "x-ediramaal") & (counts.date == pd.Timestamp("2019-01-18"))].iloc[0]
    assert (latest.followers, latest.previous_followers, latest.previous_date, latest.latest) == \
        (329000, 32874, pd.Timestamp("2012-08-01"), True)
    assert not counts[(counts.account == "x-ediramaal") & (counts.precision == "month")].iloc[0].latest
    values = _ask(graph, "indicator-value")
    assert len(values) == (csv_indicators.state == "XKX").sum()
    cpi = values[(values.year.astype(str) == "2013") & (values.code == "CPI")].iloc[0]
    assert (float(cpi.value), cpi.unit, cpi.indicator) == (33.0, "score", "corruption_perception")
