"""The namespace IRIs dipkg uses, as plain strings, declared once.

This module imports nothing, so that the query path (``dipkg query``) does not load rdflib;
:mod:`kg.namespaces` builds its closed namespaces from these strings, and
``tests/test_namespaces.py`` holds them to rdflib's own.
"""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/dipkg/ontology"
ID_BASE = "https://w3id.org/dipkg/id/"
GRAPH_BASE = "https://w3id.org/dipkg/graph/"

#: The kinds of instance dipkg mints (``kg.iris.Kind``). Each has a prefix of its own, so that an
#: instance is written ``state:XKX`` in SPARQL (``dkid:state/XKX`` is a syntax error: a ``/`` ends
#: a prefixed name); the IRIs stay ``https://w3id.org/dipkg/id/<kind>/<key>``.
KINDS = ("state", "source", "recognition", "recognition-claim", "withdrawal-claim", "recognition-standing",
         "recognition-tally", "reach",
         "region", "organisation", "membership", "application", "application-step", "relations-event", "mission",
         "platform", "campaign", "account", "external-actor", "instrument", "incident", "dataset",
         "follower-observation", "indicator-observation", "office", "office-term", "person")

#: Prefixes offered to every SPARQL query and used when exporting Turtle.
PREFIXES: dict[str, str] = {
    "dk": ONTOLOGY_IRI + "#",
    "dkid": ID_BASE,
    "dkg": GRAPH_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "qb": "http://purl.org/linked-data/cube#",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    **{kind: f"{ID_BASE}{kind}/" for kind in KINDS},
}

#: The Wikidata namespaces dipkg reads statements with (direct claims, statements, qualifiers,
#: ranks); kept out of :data:`PREFIXES`, which every query is offered.
WIKIDATA: dict[str, str] = {
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "wikibase": "http://wikiba.se/ontology#",
}
#: The Wikidata Query Service, and the project's home (in the User-Agent of every request).
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
HOMEPAGE = "https://w3id.org/dipkg"
