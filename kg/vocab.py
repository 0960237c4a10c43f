"""The SKOS vocabularies in ``ontology/vocab/``, read once: notation -> concept.

The vocabulary files are the single source of the codes a table may use (mission types,
membership roles, ...). Mappers look concepts up here instead of keeping their own tables,
and ``tests/test_vocab.py`` holds every ``enum`` in ``datapackage.json`` to the notations of
the scheme the column names with ``dipkg:scheme``.
"""

from __future__ import annotations

from functools import cache

import rdflib
from pyoxigraph import NamedNode
from rdflib.namespace import RDF, SKOS

from kg.namespaces import DK
from kg.paths import ontology_files


@cache
def _graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return g


@cache
def _schemes() -> dict[str, dict[str, str]]:
    g = _graph()
    schemes: dict[str, dict[str, str]] = {}
    for concept in g.subjects(RDF.type, SKOS.Concept):
        for scheme in g.objects(concept, SKOS.inScheme):
            for notation in g.objects(concept, SKOS.notation):
                schemes.setdefault(str(scheme), {})[str(notation)] = str(concept)
    return schemes


@cache
def _series() -> dict[str, str]:
    """Series code -> indicator concept, from ``dk:seriesCode`` on the indicator concepts."""
    g = _graph()
    code = DK.seriesCode
    return {str(value): str(concept) for concept, value in g.subject_objects(code)}


def notations(scheme: str) -> dict[str, str]:
    """Notation -> concept IRI for the scheme ``scheme`` (an IRI)."""
    found = _schemes().get(str(scheme))
    if found is None:
        raise KeyError(f"no SKOS scheme {scheme} in ontology/vocab/")
    return found


def concept(scheme: str, notation: str) -> NamedNode:
    """The concept of ``scheme`` whose ``skos:notation`` is ``notation``."""
    codes = notations(scheme)
    if notation not in codes:
        raise KeyError(f'"{notation}" is not a notation of {scheme}; expected one of {", ".join(sorted(codes))}')
    return NamedNode(codes[notation])


def series_concept(code: str) -> NamedNode | None:
    """The indicator concept a published series code measures, or ``None`` if dipkg does not
    classify that series (e.g. a World Bank series beyond the indicator scheme)."""
    found = _series().get(code)
    return NamedNode(found) if found else None


def definitions(scheme: str) -> list[tuple[str, str]]:
    """(notation, skos:definition) of every concept of ``scheme``, by notation: what the docs quote."""
    g = _graph()
    codes = notations(scheme)
    found = [(code, str(g.value(rdflib.URIRef(iri), SKOS.definition) or "")) for code, iri in codes.items()]
    return sorted(found)


def within(scheme: str, notation: str) -> set[str]:
    """The notations of ``scheme`` whose concept is the one of ``notation`` or narrower than it
    (``skos:broader`` followed any number of times)."""
    g, codes = _graph(), notations(scheme)
    top = rdflib.URIRef(codes[notation])
    return {code for code, iri in codes.items() if top in g.transitive_objects(rdflib.URIRef(iri), SKOS.broader)}
