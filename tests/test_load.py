"""The streaming path of the loaders: text produced piece by piece reaches the bulk loader whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store

from kg.load._rdf import LOADERS, TextReader, bulk_load_text


def test_text_reader_yields_every_piece_in_order_whatever_the_read_size() -> None:
    pieces = [f"<urn:s{i}> <urn:p> \"{'é' * (i % 7)}{i}\" .\n" for i in range(3000)]
    whole = "".join(pieces).encode("utf-8")
    assert TextReader(pieces).read() == whole
    assert io.BufferedReader(TextReader(pieces), buffer_size=17).read() == whole
    store = Store()
    store.bulk_load(TextReader(pieces), format=RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
    assert len(store) == 3000


def test_the_loads_of_one_text_share_its_pieces_and_write_each_once() -> None:
    pieces = [f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(50_000)]
    store, graph = Store(), NamedNode("urn:g")
    bulk_load_text(store, iter(pieces), graph)
    assert LOADERS == 2
    assert len(store) == 50_000
    assert {q.graph_name for q in store.quads_for_pattern(None, None, None)} == {graph}
    assert store.query('SELECT (SUM(?n) AS ?t) WHERE { GRAPH <urn:g> { ?s <urn:p> ?o } BIND(xsd:integer(?o) AS ?n) }',
                       prefixes={"xsd": "http://www.w3.org/2001/XMLSchema#"}).__next__()["t"].value == str(sum(range(50_000)))


def test_an_error_in_the_text_stops_every_load_and_is_raised() -> None:
    def pieces():
        for i in range(100_000):
            if i == 30_000:
                raise ValueError("row 30000 could not be read")
            yield f"<urn:s{i}> <urn:p> \"{i}\" .\n"

    with pytest.raises(ValueError, match="^row 30000 could not be read$"):
        bulk_load_text(Store(), pieces(), NamedNode("urn:g"))


def _graph(data: Path) -> list[bytes]:
    """The N-Quads of a build of ``data`` in memory, blank-node lines aside (each build labels them anew)."""
    from kg.build import populate

    store = Store()
    populate(data, store)
    return sorted(line for line in (store.dump(format=RdfFormat.N_QUADS) or b"").splitlines() if b"_:" not in line)


def test_a_package_without_mapping_declarations_adopts_the_shipped_ones(data_copy: Path) -> None:
    """A data package written before dipkg read mappings from datapackage.json (no dipkg:about,
    dipkg:property, ...) builds the same graph: each table takes the shipped table's mapping."""
    import json

    from kg.paths import DATA_DIR

    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        for key in ("dipkg:about", "dipkg:class", "dipkg:key", "dipkg:dataset"):
            schema.pop(key, None)
        schema["fields"] = [{k: v for k, v in f.items() if k not in (
            "dipkg:property", "dipkg:precisionProperty", "dipkg:countsFrom", "dipkg:value", "dipkg:datatype",
            "dipkg:default", "dipkg:list")} for f in schema["fields"]]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert "dipkg:property" not in path.read_text(encoding="utf-8")
    assert _graph(data_copy) == _graph(DATA_DIR)


def test_the_derived_edges_follow_from_the_rows(graph) -> None:  # noqa: ANN001
    """queries/derive/recognises.ru and member-of.ru: one dk:recognises per recognised pair, one
    org:memberOf per full membership without an end (memberships.csv's, and the UN members of
    states.csv), each in the graph of the fact it shortens."""
    import csv

    from kg.namespaces import DK, ORG, PREFIXES
    from kg.paths import DATA_DIR
    from kg.vocab import within

    def rows(table: str) -> list[dict[str, str]]:
        with (DATA_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def edges(predicate: str, name: str) -> set[tuple[str, str]]:
        from pyoxigraph import NamedNode

        return {(q.subject.value.rsplit("/", 1)[1], q.object.value.rsplit("/", 1)[1]) for q in graph.store.quads_for_pattern(
            None, NamedNode(predicate), None, NamedNode(PREFIXES["dkg"] + name))}

    assert edges(str(DK.recognises), "recognitions") == {(r["recognizer"], r["recognized"]) for r in rows("recognitions")}
    full = within(PREFIXES["dk"] + "MembershipRoleScheme", "member")
    assert edges(str(ORG.memberOf), "memberships") == {
        (r["member"], r["organisation"]) for r in rows("memberships") if r["role"] in full and not r["end"]}
    assert edges(str(ORG.memberOf), "states") == {(r["id"], "UN") for r in rows("states") if r["un_status"] == "member"}
    assert len(edges(str(ORG.memberOf), "states")) == 193


def test_a_property_two_columns_give_is_located_by_its_value() -> None:
    """external_actors.csv gives prov:actedOnBehalfOf from `state` or from `organisation`: a
    problem about a state is located at the one, about an organisation at the other."""
    from kg import build as builder
    from kg import iris
    from kg.load import column_of
    from kg.namespaces import PROV
    from kg.paths import DATA_DIR

    builder.validate(DATA_DIR)   # compiles the declared mappings of the package
    acted = str(PROV.actedOnBehalfOf)
    assert column_of("external_actors", acted, iris.mint("organisation", "EU").value) == "organisation"
    assert column_of("external_actors", acted, iris.mint("state", "RUS").value) == "state"
    assert column_of("external_actors", acted) == "state"   # no value to go by: the first column


def test_the_streamed_counts_are_what_their_declaration_says(data_copy: Path) -> None:
    """follower_observations.csv is streamed: its declaration is written as N-Triples text
    (kg.load.declared.Declared.text), which must give the triples the same declaration gives a table
    held in memory, for every row (here the shipped ones, and counts at year precision, with two
    sources and a quoted note). Streaming adds only each count's label and the edges of a series."""
    from pyoxigraph import NamedNode

    from kg.build import populate
    from kg.load.declared import Declared
    from kg.namespaces import DK, RDFS
    from kg.schema import DataPackage

    with (data_copy / "follower_observations.csv").open("a", encoding="utf-8") as fh:
        fh.write('x-ediramaal,2015,250000,twiplomacy-albania-leaders;albazone-2022-12-rama-barricades,"a ""round"" figure"\n'
                 "x-bujarnishani,2014-05,1200,twiplomacy-albania-leaders,\n")
    store = Store()
    populate(data_copy, store)
    package = DataPackage(data_copy, streamed=[])
    assert package.check() == []
    table = package.tables["follower_observations"]
    declared = {(s.value, p.value, str(o)) for row in table.rows for s, p, o in Declared(table, package.tables).triples(row)}
    loaded = {(q.subject.value, q.predicate.value, str(q.object)) for q in store.quads_for_pattern(
        None, None, None, NamedNode("https://w3id.org/dipkg/graph/follower_observations"))}
    chained = {str(DK.previousCount), str(DK.monthEnd), str(DK.monthEndCount), str(DK.latestCount)}
    labels = {t for t in loaded if t[1] == str(RDFS.label) and "/follower-observation/" in t[0]}
    assert len(table.rows) == len(labels) == 6
    assert len(declared) == 54   # 6 rows of 7 triples, 3 second sources, 5 notes, the dataset's 4
    assert declared == {t for t in loaded if t[1] not in chained} - labels


def test_a_problem_with_a_derived_un_membership_is_located_at_its_state(data_copy: Path) -> None:
    """queries/derive/un-membership.ru derives a state's UN membership from its states.csv row; a
    problem with the membership (here: dated before the state existed) names that row."""
    import csv

    from kg import build as builder
    from kg.errors import InvalidDataError

    path = data_copy / "states.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    at = next(n for n, r in enumerate(rows) if r[0] == "SSD")
    rows[at][rows[0].index("independence")] = "2012-01-01"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    try:
        builder.validate(data_copy)
    except InvalidDataError as exc:
        problems = [str(p) for p in exc.problems]
    assert problems == [f"{data_copy.name}/states.csv:{at + 1}: a membership (member) of SSD is dated 2011-07-14, before "
                        "SSD came into being as a state (2012-01-01) [before-existence-violation]"]


def test_any_table_streams_to_the_graph_it_gives_when_held(data_copy: Path) -> None:
    """``"dipkg:streamed": true`` on a table's schema writes its rows as N-Triples text as they are
    checked (kg.load.declared.Declared.text) instead of holding them: the graph is the same. Here
    indicators.csv (observations: a key of four columns, numbers, years, codes of two schemes) and
    incidents.csv, which no other table refers to (a streamed table's rows are not held for lookups)."""
    import json

    from kg.paths import DATA_DIR

    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] in ("indicators", "incidents"):
            resource["schema"]["dipkg:streamed"] = True
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    streamed, held = _graph(data_copy), _graph(DATA_DIR)
    assert len(streamed) == len(held) > 29000
    assert streamed == held


def test_a_table_others_refer_to_cannot_be_streamed(data_copy: Path) -> None:
    import json

    from kg.build import validate
    from kg.errors import InvalidDataError

    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "platforms":
            resource["schema"]["dipkg:streamed"] = True
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    try:
        validate(data_copy)
    except InvalidDataError as exc:
        problems = [str(p) for p in exc.problems]
    assert problems == [f'{path}: table "{t}" refers to the streamed table "platforms" (a foreign key or '
                        "dipkg:listOf); a streamed table's rows are not held to look keys up in: remove "
                        '"dipkg:streamed" from "platforms"' for t in ("campaigns", "accounts")]
