"""kg/namespaces.py and ontology/*.ttl declare the same terms; every term is documented."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import DK, ONTOLOGY_IRI
from kg.paths import ONTOLOGY_FILE, ontology_files

QB_DSD = rdflib.URIRef("http://purl.org/linked-data/cube#DataStructureDefinition")
DECLARING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept, SKOS.Collection, QB_DSD}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return g


def _declared(g: rdflib.Graph) -> set[str]:
    return {str(s) for t in DECLARING_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(DK))}


def test_namespace_module_and_ontology_declare_the_same_terms(ontology: rdflib.Graph) -> None:
    in_python = {str(DK[name]) for name in DK.__annotations__}
    assert in_python == _declared(ontology)
    assert len(in_python) == 280


def test_every_term_has_a_label_and_a_definition(ontology: rdflib.Graph) -> None:
    missing = [t for t in _declared(ontology)
               if (rdflib.URIRef(t), RDFS.label, None) not in ontology
               or (rdflib.URIRef(t), SKOS.definition, None) not in ontology]
    assert missing == []


def test_the_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = DK.Recognitoin


def test_ontology_header_is_versioned() -> None:
    g = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionIRI) == rdflib.URIRef("https://w3id.org/dipkg/ontology/0.4.0")
    assert str(g.value(onto, DCTERMS.title)) == "dipkg ontology"
    assert g.value(onto, DCTERMS.description) is not None
    assert g.value(onto, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_ontology_version_follows_the_package() -> None:
    import kg

    g = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert str(g.value(rdflib.URIRef(ONTOLOGY_IRI), OWL.versionInfo)) == kg.__version__


def test_the_plain_prefixes_are_rdflibs_and_the_namespaces() -> None:
    from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

    from kg import namespaces, prefixes

    standard = {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS,
                "foaf": FOAF}
    assert {k: prefixes.PREFIXES[k] for k in standard} == {k: str(v) for k, v in standard.items()}
    assert namespaces.PREFIXES is prefixes.PREFIXES and str(namespaces.DK) == prefixes.PREFIXES["dk"]


def test_a_question_on_the_command_line_loads_no_heavy_library(store_path) -> None:  # noqa: ANN001
    # What keeps `dipkg query` quick (bench/cli.py times it): no pandas, numpy, rdflib, pySHACL,
    # frictionless, SPARQLWrapper or matplotlib for a question printed to the terminal.
    import subprocess
    import sys

    code = ("import sys\nsys.argv = ['dipkg', 'query', 'relations-events', '--param', 'state=ALB', '--store', "
            f"{str(store_path)!r}]\nfrom kg.cli import app\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            "heavy = ('pandas', 'numpy', 'rdflib', 'pyshacl', 'frictionless', 'SPARQLWrapper', 'matplotlib')\n"
            "print([m for m in heavy if m in sys.modules], file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "ALB" in done.stdout and done.stderr.strip() == "[]"
