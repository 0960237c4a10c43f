"""A scholar's own SPARQL: identifiers easy to write, syntax errors that point at the line, and a
lint for the mistakes that give wrong answers silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import QUERIES_DIR
from kg.sparqlcheck import lint, problems

runner = CliRunner()


def _run(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.rglob("*.rq")), ids=lambda p: str(p.relative_to(QUERIES_DIR)))
def test_the_shipped_queries_pass_the_checks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert problems(text) == [] and lint(text) == []


def test_instances_have_a_prefix_per_kind(store_path: Path, tmp_path: Path) -> None:
    own = tmp_path / "kosovo.rq"
    own.write_text("SELECT ?name ?day WHERE { state:XKX rdfs:label ?name . recognition:USA-XKX dk:startDate ?day . "
                   "organisation:NATO dcterms:identifier ?nato }\n", encoding="utf-8")
    result = _run("query", own, "-f", "csv", "--store", store_path)
    assert result.exit_code == 0, result.output
    assert result.output == "name,day\nKosovo,2008-02-18\n"
    listed = _run("prefixes")
    assert "state:                   <https://w3id.org/dipkg/id/state>" not in listed.output
    assert "state:                   <https://w3id.org/dipkg/id/state/>\n" in listed.output
    assert "organisation:            <https://w3id.org/dipkg/id/organisation/>\n" in listed.output


def test_a_missing_brace_points_at_its_line(store_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x ?y WHERE {\n  ?x a dk:Recognition .\n  OPTIONAL { ?x dk:recogniser ?y .\n}\n",
                   encoding="utf-8")
    result = _run("query", bad, "--store", store_path)
    assert result.exit_code == 2
    assert result.stderr == (f"error: SPARQL syntax error:\n{bad}:3:12: '{{' opened here is probably never closed "
                             "(the '}' on line 4 lines up with an outer block)\n"
                             "      OPTIONAL { ?x dk:recogniser ?y .\n"
                             "               ^\n")


def test_the_engines_error_is_made_readable(store_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "dot.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x a dk:Recognition\n  ?x dk:recogniser ?y }\n", encoding="utf-8")
    result = _run("query", bad, "--store", store_path)
    assert result.exit_code == 2
    first, line, caret = result.stderr.splitlines()[1:4]
    assert first.startswith(f"{bad}:3:") and first.endswith("(is a '.' missing at the end of line 2?)")
    assert line == "      ?x dk:recogniser ?y }" and caret.strip() == "^"


def test_an_unknown_prefix_and_the_escaping_trap(store_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "prefix.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x dk:recogniser dkid:state/XKX ;\n     a dkk:Recognition }\n",
                   encoding="utf-8")
    result = _run("query", bad, "--store", store_path)
    assert result.exit_code == 2
    assert (f"{bad}:2:20: dkid:state/XKX is read as a property path ('/' ends a prefixed name): write state:XKX "
            "or <https://w3id.org/dipkg/id/state/XKX>") in result.stderr
    assert f"{bad}:3:8: unknown prefix dkk: (did you mean dk:, dkg:? dipkg declares account, " in result.stderr


def test_check_names_unknown_terms_wrong_classes_and_the_date_trap(tmp_path: Path) -> None:
    own = tmp_path / "lint.rq"
    own.write_text("SELECT ?m WHERE {\n  ?m a dk:Membership ; dk:recogniser ?r ; dk:recognizedBy ?y ; dk:startDate ?d .\n"
                   "  FILTER(?d <= NOW())\n}\n", encoding="utf-8")
    result = _run("query", "--check", own)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: 3 findings:",
        f"{own}:2:24: dk:recogniser is used on ?m, a dk:Membership, but describes dk:Recognition",
        f"{own}:2:43: dk:recognizedBy is not a term of the ontology; did you mean dk:recognised, dk:recognises, "
        "dk:recogniser, dk:confirmedBy?",
        f"{own}:3:16: NOW: the graph's dates are xsd:date, and comparing them with an xsd:dateTime gives no rows or "
        'all rows; compare with a date (a parameter of type date, e.g. ?as_of, or "2020-01-01"^^xsd:date)',
    ]


def test_check_passes_a_good_query_and_running_it_warns(store_path: Path, tmp_path: Path) -> None:
    good = QUERIES_DIR / "recognisers-as-of.rq"
    result = _run("query", "--check", good)
    assert result.exit_code == 0 and result.stderr == f"{good}: no problems found\n"
    own = tmp_path / "now.rq"
    own.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?r a dk:Recognition ; dk:startDate ?d . FILTER(?d <= NOW()) }\n",
                   encoding="utf-8")
    result = _run("query", own, "-f", "csv", "--store", store_path)
    assert result.exit_code == 0 and result.stdout == "n\n0\n"   # the trap: no row compares
    assert result.stderr.startswith(f"warning: {own}:1:86: NOW: the graph's dates are xsd:date")


# -- one spelling ---------------------------------------------------------------------------------

def test_the_old_spellings_still_answer_with_a_warning(graph, store_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    import warnings

    from kg import queries

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = graph.query("recognizers-as-of", as_of="2010-01-01")
    assert "now called 'recognisers-as-of'" in str(caught[0].message)
    assert old.equals(graph.query("recognisers-as-of", as_of="2010-01-01"))
    assert queries.renamed_terms()["dk:recognizer"] == "dk:recogniser"
    own = tmp_path / "old.rq"
    own.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?r dk:recognizer state:USA ; "
                   "<https://w3id.org/dipkg/ontology#recognized> state:XKX }\n", encoding="utf-8")
    result = _run("query", own, "-f", "csv", "--store", store_path)
    assert result.exit_code == 0 and result.stdout == "n\n1\n"
    assert f"warning: {own}:1:36: dk:recognizer is deprecated: write dk:recogniser (dipkg rewrites it for now)" \
        in result.stderr
    renamed = _run("query", "non-recognizers", "-f", "csv", "--store", store_path)
    assert renamed.exit_code == 0 and "now called 'non-recognisers'" in renamed.stderr


def test_every_public_name_has_one_spelling() -> None:
    from kg.namespaces import DK
    from kg.queries import registry
    from kg.vocab import deprecated

    old = {iri.rsplit("#", 1)[1] for iri in deprecated()}
    current = [n for n in DK.__annotations__ if n not in old] + list(registry())
    assert not [n for n in current if "recogniz" in n.lower() or "organiz" in n.lower()]
