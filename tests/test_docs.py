"""`dipkg docs`: the ontology reference (pyLODE) and a page per named query, generated from the
ontology and the query headers. Regenerating them must give the committed copy byte for byte,
so the published docs cannot drift from the code (run `make docs` after changing either)."""

from __future__ import annotations

from pathlib import Path

from kg import KnowledgeGraph
from kg import docs as documents
from kg.namespaces import DK, ONTOLOGY_IRI
from kg.queries import registry

COMMITTED = Path(__file__).parent.parent / "docs"
GENERATED = ("ontology", "queries", "dictionary.md", "cookbook.md")


def _files(root: Path) -> dict[str, bytes]:
    paths = [p for part in GENERATED for p in ([root / part] if (root / part).is_file() else
                                                sorted((root / part).rglob("*")))]
    return {str(p.relative_to(root)): p.read_bytes() for p in paths if p.is_file()}


def test_the_committed_docs_are_what_dipkg_docs_writes(graph: KnowledgeGraph, tmp_path: Path) -> None:
    written = documents.write(tmp_path, graph)
    fresh, committed = _files(tmp_path), _files(COMMITTED)
    assert sorted(fresh) == sorted(committed), "run `make docs` and commit docs/"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"stale: {', '.join(stale)}; run `make docs` and commit docs/"
    # a page per query, their index, the ontology, its vocabularies, the data dictionary and the cookbook
    assert len(written) == len(registry()) + 5


def test_every_term_and_every_query_is_documented() -> None:
    html = (COMMITTED / "ontology" / "index.html").read_text(encoding="utf-8")
    vocabularies = (COMMITTED / "ontology" / "vocabularies.md").read_text(encoding="utf-8")
    undocumented = [name for name in DK.__annotations__
                    if f"<code>{ONTOLOGY_IRI}#{name}</code>" not in html and f"`dk:{name}`" not in vocabularies]
    assert undocumented == []
    index = (COMMITTED / "queries" / "README.md").read_text(encoding="utf-8")
    for name, query in registry().items():
        page = (COMMITTED / "queries" / f"{name}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {query.title}\n") and f"({name}.md)" in index
        assert "```sparql\n" in page and f"dipkg query {name}" in page


def test_an_example_shows_the_shipped_answer() -> None:
    page = (COMMITTED / "queries" / "bloc-recognition.md").read_text(encoding="utf-8")
    assert "On the shipped data, with the default parameters and as_of=2026-01-01: 27 rows, the first 10:" in page
    federated = (COMMITTED / "queries" / "recognisers-population.md").read_text(encoding="utf-8")
    assert "no example is run offline" in federated
