"""Parameters that cannot go wrong: values as a scholar has them, unknown ids refused with the
closest ones, parameters written token by token; and the library object around them."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, queries
from kg.cli import app
from kg.errors import MissingExtraError, ParameterError, QueryError, StoreError
from kg.render import render
from kg.sparqltext import substitute, values_blocks

runner = CliRunner()
DAY = '"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'


# -- writing parameters into the text ----------------------------------------------------------

def test_a_parameter_inside_a_select_expression_is_written_not_dropped() -> None:
    assert substitute("SELECT ?x (?as_of AS ?when) WHERE { ?x ?p ?o }", {"as_of": DAY}) == \
        f"SELECT ?x ({DAY} AS ?when) WHERE {{ ?x ?p ?o }}"


def test_strings_iris_and_comments_are_never_touched() -> None:
    text = 'SELECT ?x WHERE { ?x <http://e.org/?as_of> "?as_of" ; ?p ?as_of } # ?as_of\n'
    assert substitute(text, {"as_of": DAY}) == f'SELECT ?x WHERE {{ ?x <http://e.org/?as_of> "?as_of" ; ?p {DAY} }} \n'


def test_assigning_to_a_parameter_is_refused_however_it_is_spaced() -> None:
    for text in ("SELECT ?x WHERE { BIND(?o AS  ?as_of) }", "SELECT (?o AS\n?as_of) WHERE { }"):
        with pytest.raises(QueryError, match=r"\?as_of is a parameter and cannot be assigned with AS"):
            substitute(text, {"as_of": DAY})


def test_projected_and_grouped_parameters_are_dropped_at_every_level() -> None:
    text = ("SELECT ?state ?n WHERE { { SELECT ?state (COUNT(*) AS ?n) WHERE { ?s ?p ?state } GROUP BY ?state } }"
            " GROUP BY ?state ?n ORDER BY ?n")
    got = substitute(text, {"state": "<https://w3id.org/dipkg/id/state/XKX>"})
    assert " ".join(got.split()) == ("SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "
                                     "<https://w3id.org/dipkg/id/state/XKX> } } } GROUP BY ?n ORDER BY ?n")


def test_a_group_by_of_parameters_only_goes_at_the_end_too() -> None:
    got = substitute("SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }\nGROUP BY ?graph\n",
                     {"graph": "<https://w3id.org/dipkg/graph/x>"})
    assert " ".join(got.split()) == "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/dipkg/graph/x> { ?s ?p ?o } }"


def test_values_carrying_sparql_are_literals() -> None:
    query = queries.resolve("campaigns")
    text = queries.written(query, {"theme": '" } ; DROP ALL ; SELECT * { "'})
    assert '"\\" } ; DROP ALL ; SELECT * { \\""' in text


def test_a_list_parameter_fills_its_values_blocks_and_stays_a_variable(tmp_path: Path) -> None:
    (tmp_path / "reach.rq").write_text(
        '#+ params:\n#+   states: {type: string, ids: state, list: true, default: "XKX;ALB"}\n'
        "SELECT ?states ?n WHERE {\n"
        "  VALUES ?states { state:XKX\n state:ALB }  # the default\n"
        "  { SELECT ?states (COUNT(*) AS ?n) WHERE { VALUES ?states {state:XKX} ?m dk:sendingState ?states }\n"
        "    GROUP BY ?states }\n}\n", encoding="utf-8")
    query = queries.resolve(str(tmp_path / "reach.rq"))
    state = "<https://w3id.org/dipkg/id/state/{}>".format
    got = queries.written(query, {"states": " srb; XKX ;SRB;"})
    assert got.splitlines()[3:5] == ["  VALUES ?states { ", f"{state('SRB')} {state('XKX')} }}  "]   # lines kept
    assert (f"{{ SELECT ?states (COUNT(*) AS ?n) WHERE {{ VALUES ?states {{ {state('SRB')} {state('XKX')} }} "
            "?m dk:sendingState ?states }") in got
    assert f"VALUES ?states {{ {state('XKX')} {state('ALB')} }}" in " ".join(queries.written(query, {}).split())
    assert queries.written(query, {"states": ["ALB"]}).count(state("ALB")) == 2
    with pytest.raises(ParameterError, match=r"^parameter states: give at least one value \(string\)$"):
        queries.written(query, {"states": " ; "})


def test_an_unclosed_values_block_of_a_list_parameter_is_named() -> None:
    with pytest.raises(QueryError, match=r"^own.rq: the VALUES block of \?states is not closed$"):
        substitute("SELECT * WHERE { VALUES ?states { <a> { } }", {}, "own.rq", lists={"states": ["<b>"]})
    with pytest.raises(QueryError, match=r"^own.rq: VALUES \?states must be followed by \{ ... \}$"):
        substitute("SELECT * WHERE { VALUES ?states ?x }", {}, "own.rq", lists={"states": ["<b>"]})


def test_shipped_values_blocks_hold_their_parameters_defaults() -> None:
    """The file runs as written in any SPARQL editor with the defaults the header declares."""
    seen = []
    for name, query in queries.registry().items():
        for param in query.params:
            if param.many and param.name in values_blocks(query.text):
                default = " ".join(term.value.rsplit("/", 1)[1] for term in param.items(None))
                written = substitute(query.text, {}, name)
                blocks = re.findall(r"VALUES \?" + param.name + r" \{([^}]*)\}", written)
                assert blocks and {" ".join(b.replace("state:", "").split()) for b in blocks} == {default}, name
                seen.append(name)
    assert sorted(seen) == ["conditions-compared", "digital-vs-traditional", "image-vs-conditions", "traditional-reach"]


# -- values as a scholar has them --------------------------------------------------------------

@pytest.mark.parametrize("as_of", [pd.Timestamp("2012-12-31"), dt.datetime(2012, 12, 31, 18, 30),
                                   dt.date(2012, 12, 31), np.datetime64("2012-12-31"), "2012-12-31T00:00:00"])
def test_dates_in_any_python_form_give_the_same_rows(graph, as_of: object) -> None:  # noqa: ANN001
    expected = graph.query("recognisers-as-of", as_of="2012-12-31")
    assert len(expected) == 100
    assert graph.query("recognisers-as-of", as_of=as_of).equals(expected)


def test_lists_for_list_parameters(graph) -> None:  # noqa: ANN001
    both = graph.query("digital-vs-traditional", states="XKX;ALB")
    assert graph.query("digital-vs-traditional", states=["XKX", "ALB"]).equals(both)
    assert list(graph.query("digital-vs-traditional", states=("alb",)).state) == ["ALB"]
    with pytest.raises(ParameterError, match=r"parameter viewpoint takes one value, not a list \(\['kosovo'\]\)"):
        graph.query("recognisers-as-of", viewpoint=["kosovo"])
    with pytest.raises(ParameterError, match=r"parameter as_of: NaT is not a date|is not a date"):
        graph.query("recognisers-as-of", as_of=np.datetime64("NaT"))


# -- unknown ids -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "params", "message"), [
    ("recognisers-as-of", {"state": "XXX"}, 'parameter state: no state "XXX" in the graph; did you mean XKX (Kosovo)?'),
    ("bloc-recognition", {"bloc": "ASEAN"},
     'parameter bloc: no organisation "ASEAN" in the graph; known ids include AII, BSEC, CEB, CEFTA,'),
    ("follower-growth", {"account": "x-ediramal"},
     'parameter account: no account "x-ediramal" in the graph; did you mean x-ediramaal (@ediramaal on X '
     '(formerly Twitter): Edi Rama (Prime Minister of Albania)), facebook-ediramaal'),
    ("digital-presence", {"states": "XKX;SRBB"}, 'parameter states: no state "SRBB" in the graph; did you mean SRB'),
    ("incidents", {"kind": "cyber"}, 'parameter kind: no incident kind "cyber" in the graph; did you mean '
                                     "cyber_attack (cyber-attack)?"),
    ("recognition-timeline", {"state": "ALB"}, "parameter state: the graph holds no recognitions of ALB (Albania); "
                                               "it holds recognitions of XKX (Kosovo) only"),
])
def test_an_unknown_id_is_an_error_with_the_closest_ones(graph, name: str, params: dict[str, str],  # noqa: ANN001
                                                          message: str) -> None:
    with pytest.raises(ParameterError) as failure:
        graph.query(name, **params)
    assert str(failure.value).startswith(message)


def test_values_meaning_all_and_known_ids_pass(graph) -> None:  # noqa: ANN001
    assert len(graph.query("applications", applicant="all")) == len(graph.query("applications"))
    assert set(graph.query("follower-growth", account="x-ediramaal").account_id) == {"x-ediramaal"}
    assert len(graph.query("digital-presence", states="")) == 18


def test_the_command_line_exits_2_on_an_unknown_id(store_path: Path) -> None:
    result = runner.invoke(app, ["query", "recognisers-as-of", "-p", "state=XXX", "--store", str(store_path)])
    assert result.exit_code == 2
    assert 'error: parameter state: no state "XXX" in the graph; did you mean XKX (Kosovo)?' in result.stderr


# -- a scholar's own query file ----------------------------------------------------------------

def test_an_own_query_file_takes_declared_parameters(store_path: Path, tmp_path: Path) -> None:
    own = tmp_path / "by-date.rq"
    own.write_text("#+ title: Recognisers by a date\n#+ params:\n"
                   "#+   as_of: {type: date, default: today, description: The date to look at.}\n"
                   "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a dk:Recognition ; dk:countsFrom ?d . "
                   "FILTER(?d <= ?as_of) }\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(own), "--as-of", "2008-12-31", "-f", "csv", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert result.output == "n\n54\n"


def test_an_own_query_file_without_the_header_says_how_to_declare_it(store_path: Path, tmp_path: Path) -> None:
    own = tmp_path / "plain.rq"
    own.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?r a dk:Recognition }\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(own), "--as-of", "2008-12-31", "--store", str(store_path)])
    assert result.exit_code == 2
    assert f"{own} declares no parameter 'as_of'; declare it in a #+ header before the query" in result.stderr
    assert "#+   as_of: {type: date, default: today" in result.stderr


# -- answers to files and terminals ------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".json", ".md", ".xlsx"])
def test_query_output_takes_its_format_from_the_suffix(store_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / "new" / f"answer{suffix}"
    result = runner.invoke(app, ["query", "recognition-timeline", "--as-of", "2009-12-31", "-o", str(out),
                                 "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert f"wrote 2 rows to {out}" in result.stderr
    if suffix == ".csv":
        assert out.read_text(encoding="utf-8") == "year,recognitions,withdrawals,cumulative\n2008,54,0,54\n2009,12,0,66\n"
    elif suffix == ".json":
        assert json.loads(out.read_text(encoding="utf-8"))[1] == {"year": 2009, "recognitions": 12, "withdrawals": 0,
                                                                  "cumulative": 66}
    elif suffix == ".md":
        assert out.read_text(encoding="utf-8").splitlines()[0] == "| year | recognitions | withdrawals | cumulative |"
    else:
        assert pd.read_excel(out).cumulative.tolist() == [54, 66]


def test_an_unknown_suffix_is_refused(store_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "recognition-timeline", "-o", str(tmp_path / "a.xyz"),
                                 "--store", str(store_path)])
    assert result.exit_code == 2
    assert "cannot tell the format of" in result.stderr and ".csv, .json, .md, .txt, .xlsx, .parquet" in result.stderr


def test_wide_tables_fit_the_terminal(graph) -> None:  # noqa: ANN001
    frame = graph.query("withdrawal-claims")
    whole = render(frame, "table")
    assert max(len(line) for line in whole.splitlines()) > 1000
    fitted = render(frame, "table", width=260)
    assert max(len(line) for line in fitted.splitlines()) <= 260
    assert "…" in fitted and len(fitted.splitlines()) == len(whole.splitlines())


# -- failures without a traceback ---------------------------------------------------------------

def test_export_creates_the_missing_folder(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "graph.nt"
    result = runner.invoke(app, ["export", "-f", "nt", "-o", str(out), "--store", str(store_path)])
    assert result.exit_code == 0 and out.stat().st_size > 1_000_000


def test_a_store_path_that_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n", encoding="utf-8")
    for args in (["query", "recognition-timeline"], ["build"]):
        result = runner.invoke(app, [*args, "--store", str(path)])
        assert result.exit_code == 2
        assert f"{path} is a file, not a dipkg store" in result.stderr
    assert path.read_text(encoding="utf-8") == "my notes\n"


def test_a_federated_question_without_the_network(store_path: Path) -> None:
    result = runner.invoke(app, ["query", "recognisers-population", "-p", "endpoint=http://127.0.0.1:9/sparql",
                                 "--store", str(store_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: recognisers-population asks another SPARQL endpoint (SERVICE), which "
                                    "failed: ")
    assert result.stderr.endswith(". Check the network and the endpoint, or give a reachable mirror "
                                  "(--param endpoint=URL) if the question takes one\n")


def test_a_missing_extra_says_which_to_install(store_path: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = runner.invoke(app, ["plot", "recognition-timeline", "-o", str(tmp_path / "t.png"),
                                 "--store", str(store_path)])
    assert result.exit_code == 2
    assert "error: `dipkg plot` needs matplotlib, which is not installed: pip install 'dipkg[plot]'" in result.stderr
    with pytest.raises(MissingExtraError, match=r"pip install 'dipkg\[reason\]'"):
        monkeypatch.setitem(sys.modules, "owlready2", None)
        from kg.extras import require

        require("owlready2")


# -- the library object --------------------------------------------------------------------------

def test_the_graph_releases_its_lock_on_leaving_with_even_after_an_error(store_path: Path) -> None:
    with pytest.raises(ParameterError), KnowledgeGraph.open(store_path, writable=True) as graph:
        graph.query("recognisers-as-of", state="XXX")
    with KnowledgeGraph.open(store_path, writable=True) as again:   # the lock was let go
        assert len(again.imports()) == 0
    with pytest.raises(StoreError, match="is closed"):
        again.query("recognition-timeline")
