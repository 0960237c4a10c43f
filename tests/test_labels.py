"""Every resource the build writes has one English label made from its parts
(queries/derive/labels.rq), so that any SPARQL client shows names."""

from __future__ import annotations

import pytest

from kg import KnowledgeGraph
from kg.prefixes import ID_BASE, KINDS

UNLABELLED = """
SELECT ?kind (COUNT(DISTINCT ?s) AS ?resources) (SUM(IF(BOUND(?l), 0, 1)) AS ?unlabelled)
WHERE {
  { SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/dipkg/id/")) } }
  OPTIONAL { ?s rdfs:label ?l }
  BIND(STRBEFORE(STRAFTER(STR(?s), "/id/"), "/") AS ?kind)
} GROUP BY ?kind
"""


def _rows(graph: KnowledgeGraph, text: str) -> list[list[str]]:
    return [[str(term.value) for term in row] for row in graph.store.query(text, use_default_graph_as_union=True,
                                                                            prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"})]


def test_every_resource_of_every_kind_has_a_label(graph: KnowledgeGraph) -> None:
    counts = {kind: (int(n), int(missing)) for kind, n, missing in _rows(graph, UNLABELLED)}
    assert sorted(counts) == sorted(KINDS)
    assert {kind: missing for kind, (_, missing) in counts.items() if missing} == {}
    assert counts["recognition"] == (127, 0) and counts["source"] == (1137, 0)


def test_no_resource_has_two_english_labels(graph: KnowledgeGraph) -> None:
    twice = _rows(graph, """SELECT ?s (COUNT(?l) AS ?n) WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = "en") }
                             GROUP BY ?s HAVING (COUNT(?l) > 1)""")
    assert twice == []


@pytest.mark.parametrize(("key", "label"), [
    ("recognition/FRA-XKX", "Recognition of Kosovo by France, 2008-02-18"),
    ("recognition/HND-XKX", "Recognition of Kosovo by Honduras, 2010-09"),          # known to the month
    ("recognition-claim/rc-KNA", "Claim by Kosovo that Saint Kitts and Nevis recognised Kosovo, 2012"),
    ("withdrawal-claim/wc-SUR", "Claim by Serbia that Suriname withdrew its recognition of Kosovo, 2017-10-31"),
    ("recognition-standing/FRA-XKX.kosovo", "Recognition of Kosovo by France, under the viewpoint 'kosovo'"),
    ("membership/ALB-NATO", "Membership of Albania in North Atlantic Treaty Organization"),
    ("mission/ALB-ITA-embassy-rome", "Embassy of Albania in Rome"),
    ("office-term/ALB-head_of_government-2013-09-15", "Edi Rama as Prime Minister of Albania, 2013-09-15"),
    ("person/edi-rama", "Edi Rama"),
    ("account/facebook-ediramaal", "@ediramaal on Facebook: Edi Rama (Prime Minister of Albania)"),
    ("application/ALB-EU-2009", "Application of Albania to European Union, 2009-04-28"),
    ("application-step/ALB-EU-2009-4",
     "Candidate status granted in the application of Albania to European Union, 2014-06-27"),
    ("relations-event/XKX-LCA-established", "Relations established between Kosovo and Saint Lucia, 2011-08-19"),
    ("incident/alb-2023-12-parliament-telecom-cyberattack", "Cyber-attack against Albania, 2023-12-25"),
    ("follower-observation/followers.instagram-ediramaal.2019-01-18",
     "Followers of @ediramaal on Instagram, 2019-01-18"),
    ("indicator-observation/indicators.XKX.2015.corruption_perception.CPI",
     "Corruption perception score, Kosovo, 2015 (CPI)"),
    ("source/wp-recognition-of-kosovo", "International recognition of Kosovo (Wikipedia)"),
    ("region/eastern-europe", "Eastern Europe"),
])
def test_labels_are_made_from_the_parts(graph: KnowledgeGraph, key: str, label: str) -> None:
    found = list(graph.store.query(f"SELECT ?l WHERE {{ <{ID_BASE}{key}> rdfs:label ?l }}",
                                   use_default_graph_as_union=True,
                                   prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    assert [(row["l"].value, row["l"].language) for row in found] == [(label, "en")]
