"""``dipkg reason``: the ontology and the curated individuals checked and classified by a reasoner.

Three engines, one result (the ``inferred`` named graph):

- ``hermit`` (the default): HermiT, an OWL 2 DL reasoner, through owlready2 (Java). It proves the
  ontology with the curated tables' individuals consistent, and classifies the individuals into
  the classes the ontology defines (``queries/system/defined-classes.rq``). An inconsistent graph
  is explained by Pellet's ``explain`` (bundled with owlready2): the axioms that together
  contradict, with the individuals they name. The streamed tables (millions of follower counts)
  are not given to HermiT: no defined class is about them, and HermiT would need minutes.
- ``owlrl``: the OWL 2 RL rules the ontology needs, as SPARQL updates the store runs on the
  whole graph, follower counts included (:mod:`kg.rules`); it finds the inconsistencies OWL 2 RL
  can (disjoint classes, irreflexive properties). For the large graph, where HermiT is too slow.
- ``reasonable``: the ``reasonable`` OWL 2 RL reasoner (Rust) on the curated tables. It derives
  the same triples as ``owlrl`` there, finds no inconsistency, and held 8 GiB for the 121k
  triples of the smallest benchmark graph with its counts, so it is not given the counts.

The inferred triples in the dk namespace that the graph does not already hold are written into
the ``inferred`` graph, replacing what an earlier run wrote, so queries can use them: HermiT's
classification into the defined classes; the rule engines' every dk conclusion (superclasses,
inverse edges, the defined classes). A rebuild does not keep that graph (it would describe the
old data): run reason again.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store

from kg import queries, rules
from kg.errors import DipkgError, InconsistentGraphError, ReasonerError
from kg.extras import require
from kg.iris import short
from kg.load import ONTOLOGY_GRAPH, Progress, table_graphs
from kg.namespaces import DK, ID_BASE, ONTOLOGY_IRI, RDF
from kg.store import ntriples
from kg.vocab import deprecated

INFERRED_GRAPH = rules.INFERRED_GRAPH
ENGINES = ("hermit", "owlrl", "reasonable")


@dataclass(frozen=True)
class Reasoning:
    """What a run found: per defined class, its individuals (IRIs), and what was written."""

    engine: str
    input_triples: int
    seconds: float
    classified: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    written: int = 0


def defined_classes(store: Store) -> dict[str, str]:
    """The classes the ontology defines, IRI -> English label."""
    frame = queries.run(store, queries.system("defined-classes"))
    return dict(zip(frame["class"], frame["label"], strict=True))


def curated_graphs(store: Store) -> list[NamedNode]:
    """The ontology graph and the graphs of the tables mapped row by row (:func:`kg.load.table_graphs`:
    not the streamed counts, the imports, the ``wikidata`` graph or an earlier ``inferred`` graph)."""
    return [ONTOLOGY_GRAPH, *table_graphs(store)]


def reason(store: Store, engine: str = "hermit", progress: Progress | None = None) -> Reasoning:
    """Run ``engine`` on ``store`` and write its inferences into the ``inferred`` graph (which an
    earlier run's inferences are dropped from first: they are not premises)."""
    if engine not in ENGINES:
        raise DipkgError(f'unknown reasoner "{engine}"; expected one of {", ".join(ENGINES)}')
    labels = defined_classes(store)
    if not labels:
        raise DipkgError("the store holds no ontology with defined classes: build it with `dipkg build`")
    store.remove_graph(INFERRED_GRAPH)
    started = time.perf_counter()
    if engine == "owlrl":
        size = len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH))
        closure = rules.materialise(store, progress)
        if closure.inconsistencies:
            store.remove_graph(INFERRED_GRAPH)
            raise InconsistentGraphError(closure.inconsistencies, closure.individuals, by="OWL 2 RL rules")
        written = sum(1 for _ in store.quads_for_pattern(None, None, None, INFERRED_GRAPH))
    else:
        run = _hermit if engine == "hermit" else _reasonable
        inferred, size = run(store, labels, progress)
        new = [t for t in dict.fromkeys(inferred) if not _asserted(store, t)]
        store.extend([Quad(s, p, o, INFERRED_GRAPH) for s, p, o in new])
        written = len(new)
    seconds = time.perf_counter() - started
    classified = {c: _instances(store, c) for c in labels}
    return Reasoning(engine, size, seconds, classified, labels, written)


Triple = tuple[NamedNode, NamedNode, NamedNode]


def _instances(store: Store, cls: str) -> list[str]:
    """The IRIs typed ``cls`` in the store, asserted or inferred, sorted."""
    typed = store.quads_for_pattern(None, NamedNode(str(RDF.type)), NamedNode(cls), None)
    return sorted(q.subject.value for q in typed)  # type: ignore[union-attr]


def _asserted(store: Store, triple: Triple) -> bool:
    s, p, o = triple
    return any(q.graph_name != INFERRED_GRAPH for q in store.quads_for_pattern(s, p, o, None))


# -- HermiT ---------------------------------------------------------------------------------------

def _hermit(store: Store, labels: dict[str, str], progress: Progress | None) -> tuple[list[Triple], int]:
    """HermiT's classification of the curated individuals into the defined classes."""
    _java()
    owlready2 = require("owlready2")

    # HermiT checks xsd:anyURI literals as java.net.URI, which refuses IRIs with non-ASCII
    # characters (a source URL with an en dash); no axiom but their ranges is about them: left out.
    text = _ANY_URI.sub(b"", ntriples(store, curated_graphs(store)))
    size = text.count(b"\n")
    _step(progress, "reasoning (HermiT)", 0, 1)
    world = owlready2.World()
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # owlready2 warns of the punned Data Cube terms
            world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(text), format="ntriples")
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        explanation, individuals = explain(text)
        raise InconsistentGraphError(explanation, individuals) from None
    except owlready2.OwlReadyJavaError as exc:
        raise ReasonerError(f"HermiT failed: {_first_lines(str(exc))}") from None
    finally:
        _step(progress, "reasoning (HermiT)", 1, 1)
    inferred: list[Triple] = []
    for cls in labels:
        entity = world[cls]
        if entity is None:
            continue
        inferred += [(NamedNode(i.iri), NamedNode(str(RDF.type)), NamedNode(cls)) for i in entity.instances()]
    world.close()
    return inferred, size


_ANY_URI = re.compile(rb"^.*\^\^<http://www\.w3\.org/2001/XMLSchema#anyURI> \.\n", re.MULTILINE)
_INSTANCE = re.compile(rf"<({re.escape(ID_BASE)}[^>]+)>".encode())


def explain(ntriples: bytes) -> tuple[list[str], list[str]]:
    """Pellet's explanation of an inconsistent graph: its axioms (dk terms as ``dk:Name``,
    dipkg's instances as ``kind/key``), and the IRIs of the instances they name."""
    owl_reasoning = require("owlready2.reasoning")

    with tempfile.NamedTemporaryFile("wb", suffix=".nt", delete=False) as tmp:
        tmp.write(ntriples)
    try:
        done = subprocess.run([_java(), "-Xmx2000M", "-cp", owl_reasoning._PELLET_CLASSPATH, "pellet.Pellet",
                               "explain", "--ignore-imports", tmp.name], capture_output=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        return ["(Pellet found no explanation within 10 minutes)"], []
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    # Pellet names everything by its local name: map those back to dipkg's instances.
    instances: dict[str, list[str]] = {}
    for iri in dict.fromkeys(m.decode() for m in _INSTANCE.findall(ntriples)):
        instances.setdefault(iri.rsplit("/", 1)[-1], []).append(iri)
    text = done.stdout.decode("utf-8", "replace").splitlines()
    start = next((n for n, line in enumerate(text) if line.startswith("Explanation")), len(text))
    axioms = [re.sub(r"^\d+\)\s*", "", line).strip() for line in text[start + 1:] if line.strip()]
    involved: list[str] = []
    readable = []
    for axiom in axioms:
        words = []
        for word in axiom.split(" "):
            if word in instances:
                involved += [i for i in instances[word] if i not in involved]
                word = " or ".join(short(i) for i in instances[word])
            elif word in DK.__annotations__:
                word = f"dk:{word}"
            words.append(word)
        readable.append(" ".join(words))
    return readable, involved


# -- reasonable -----------------------------------------------------------------------------------

def _reasonable(store: Store, labels: dict[str, str], progress: Progress | None) -> tuple[list[Triple], int]:
    """The OWL 2 RL closure of the curated graphs (``reasonable``), kept to the dk namespace.

    Not of the follower counts: ``reasonable`` 0.4 held 8 GiB and took 25 s for the 121k triples
    of the 100k benchmark graph with its counts (1.6 GiB and 5 s without them)."""
    reasonable = require("reasonable")
    from rdflib import URIRef

    text = ntriples(store, curated_graphs(store))
    size = text.count(b"\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.ttl"  # N-Triples is Turtle
        path.write_bytes(text)
        _step(progress, "reasoning (reasonable)", 0, 1)
        reasoner = reasonable.PyReasoner()
        reasoner.load_file(str(path))
        closure = reasoner.reason()
        _step(progress, "reasoning (reasonable)", 1, 1)
    dk, rdf_type, old = str(DK), URIRef(str(RDF.type)), set(deprecated())
    # not the deprecated spellings (owl:equivalentProperty would copy every edge to them)
    inferred = [(NamedNode(str(s)), NamedNode(str(p)), NamedNode(str(o))) for s, p, o in closure
                if isinstance(s, URIRef) and isinstance(o, URIRef) and str(p) not in old
                and ((p == rdf_type and str(o).startswith(dk)) or (str(p).startswith(dk) and p != rdf_type))]
    return inferred, size


# -- helpers --------------------------------------------------------------------------------------

def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise ReasonerError("HermiT needs Java, and no `java` is on the PATH: install a JRE "
                            "(Debian: apt-get install default-jre-headless; `make install` does it)")
    return java


def _first_lines(text: str, n: int = 6) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("at ")]
    return "\n".join(lines[:n])


def _step(progress: Progress | None, what: str, done: int, total: int) -> None:
    if progress:
        progress(what, done, total)
