"""The SKOS vocabularies in ``ontology/vocab/``, read once: notation -> concept.

The vocabulary files are the single source of the codes a table may use (mission types,
membership roles, ...). Mappers look concepts up here instead of keeping their own tables,
and ``tests/test_vocab.py`` holds every ``enum`` in ``datapackage.json`` to the notations of
the scheme the column names with ``dipkg:scheme``.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kg.paths import ontology_files
from kg.prefixes import PREFIXES

# Read with pyoxigraph, not rdflib, so that a question's parameters are checked without loading
# rdflib (the command line stays quick).
_TYPE, _CONCEPT = PREFIXES["rdf"] + "type", PREFIXES["skos"] + "Concept"
_IN_SCHEME, _NOTATION = PREFIXES["skos"] + "inScheme", PREFIXES["skos"] + "notation"
_DEFINITION, _BROADER = PREFIXES["skos"] + "definition", PREFIXES["skos"] + "broader"
_SERIES_CODE = PREFIXES["dk"] + "seriesCode"
_DEPRECATED = PREFIXES["owl"] + "deprecated"
_EQUIVALENT = (PREFIXES["owl"] + "equivalentProperty", PREFIXES["owl"] + "equivalentClass")


@cache
def statements() -> dict[str, dict[str, list[str]]]:
    """subject -> predicate -> objects (IRIs and literal values) of the ontology and its vocabularies,
    read once (the lint and the version read them here too)."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in ontology_files():
        with path.open("rb") as fh:
            for triple in parse(fh, format=RdfFormat.TURTLE):
                if isinstance(triple.subject, NamedNode) and isinstance(triple.object, NamedNode | Literal):
                    found[triple.subject.value][triple.predicate.value].append(triple.object.value)
    return found


@cache
def _schemes() -> dict[str, dict[str, str]]:
    schemes: dict[str, dict[str, str]] = {}
    for concept, about in statements().items():
        if _CONCEPT in about.get(_TYPE, ()):
            for scheme in about.get(_IN_SCHEME, ()):
                for notation in about.get(_NOTATION, ()):
                    schemes.setdefault(scheme, {})[notation] = concept
    return schemes


@cache
def _series() -> dict[str, str]:
    """Series code -> indicator concept, from ``dk:seriesCode`` on the indicator concepts."""
    return {code: concept for concept, about in statements().items() for code in about.get(_SERIES_CODE, ())}


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
    graph, codes = statements(), notations(scheme)
    found = [(code, next(iter(graph[iri].get(_DEFINITION, ())), "")) for code, iri in codes.items()]
    return sorted(found)


def within(scheme: str, notation: str) -> set[str]:
    """The notations of ``scheme`` whose concept is the one of ``notation`` or narrower than it
    (``skos:broader`` followed any number of times)."""
    graph, codes = statements(), notations(scheme)

    def up(iri: str) -> set[str]:   # the concept and everything above it
        seen, todo = {iri}, [iri]
        while todo:
            for broader in graph[todo.pop()].get(_BROADER, ()):
                if broader not in seen:
                    seen.add(broader)
                    todo.append(broader)
        return seen

    return {code for code, iri in codes.items() if codes[notation] in up(iri)}


@cache
def deprecated() -> dict[str, str]:
    """Deprecated term -> the term that replaces it (``owl:deprecated true`` with an
    ``owl:equivalentProperty`` or ``owl:equivalentClass``)."""
    return {term: about[p][0] for term, about in statements().items() if "true" in about.get(_DEPRECATED, ())
            for p in _EQUIVALENT if about.get(p)}
