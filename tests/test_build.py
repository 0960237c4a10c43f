"""Building: idempotent IRIs, one graph per table, and graph-level checks (SHACL and the
violation queries) reported at the CSV row that caused them."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from kg import KnowledgeGraph, iris
from kg import build as builder
from kg.errors import InvalidDataError
from kg.namespaces import DK, PREFIXES, RDF, SH
from kg.paths import DATA_DIR


def dump(graph: KnowledgeGraph) -> tuple[bytes, int]:
    """The sorted N-Quads without blank nodes, and how many quads have one.

    Blank nodes occur only in the ontology (Data Cube component specifications, union domains,
    class definitions, the disjointness list); the store labels them afresh on every load, so
    they are compared by count.
    """
    out = io.BytesIO()
    graph.export(out, "nq")
    lines = out.getvalue().splitlines()
    named = sorted(line for line in lines if b"_:" not in line)
    return b"\n".join(named), len(lines) - len(named)


def test_building_twice_gives_the_same_graph(graph: KnowledgeGraph) -> None:
    again, first = dump(KnowledgeGraph.build(DATA_DIR)), dump(graph)
    assert again == first
    assert first[1] == 288   # the ontology's blank nodes (union domains, restrictions, lists)


def test_one_named_graph_per_table_plus_the_ontology(graph: KnowledgeGraph) -> None:
    graphs = [c.graph for c in graph.graph_counts()]
    reaches = [g for g in graphs if iris.of_kind(g, "reach")]
    # a reach for each state that sends or hosts a mission or holds a membership
    assert len(reaches) == 198 and iris.mint("reach", "XKX").value in reaches
    names = [g.rsplit("/", 1)[1] for g in graphs if g not in reaches]
    assert names == ["accounts", "application_steps", "applications", "campaigns", "derived", "external_actors",
                     "follower_observations", "incidents", "indicators", "instruments", "memberships", "missions",
                     "office_terms", "offices", "ontology", "organisations", "platforms", "recognition_claims", "recognitions", "relations",
                     "sources", "states", "withdrawal_claims", "XKX.kosovo", "XKX.serbia", "XKX.undisputed"]


def test_each_state_s_reach_is_a_graph_named_by_the_reach(graph: KnowledgeGraph) -> None:
    reach = iris.mint("reach", "XKX")
    quads = list(graph.store.quads_for_pattern(None, None, None, reach))
    # Kosovo sends 45 missions and hosts 33, and holds 38 memberships of organisations (4 more in
    # office terms, which have no organisation); each of these that has a start has it, 101
    assert Counter(q.predicate.value for q in quads) == {
        str(RDF.type): 1, str(DK.reachOf): 1, str(DK.sentTo): 45, str(DK.inOrganisation): 38, str(DK.reachFrom): 101}
    facts = {q.subject.value.rsplit("/", 2)[1] for q in quads if q.subject != reach}
    assert facts == {"mission", "membership"}

    def rows(text: str) -> set[tuple[str, ...]]:
        return {tuple(str(v) for v in row) for row in graph.store.query(text, prefixes=PREFIXES,
                                                                        use_default_graph_as_union=True)}

    # copies of the facts' own values
    assert rows("SELECT ?m ?h WHERE { GRAPH reach:XKX { ?m dk:sentTo ?h } }") == rows(
        "SELECT ?m ?h WHERE { ?m dk:sendingState state:XKX ; dk:hostState ?h }")
    assert rows("SELECT ?m ?o WHERE { GRAPH reach:XKX { ?m dk:inOrganisation ?o } }") == rows(
        "SELECT ?m ?o WHERE { ?m org:member state:XKX ; org:organization ?o }")
    assert rows("SELECT ?m ?d WHERE { GRAPH reach:XKX { ?m dk:reachFrom ?d } }") == rows(
        "SELECT ?m ?d WHERE { { ?m dk:sendingState state:XKX } UNION { ?m dk:hostState state:XKX } UNION "
        "{ ?m org:member state:XKX ; org:organization ?o } ?m dk:countsFrom ?d }")
    assert rows("SELECT ?l WHERE { reach:XKX rdfs:label ?l }") == {('"Missions and memberships of Kosovo"@en',)}


def test_each_recognition_tally_and_its_standings_make_a_graph_named_by_the_tally(graph: KnowledgeGraph) -> None:
    tally = iris.mint("recognition-tally", "XKX.serbia")
    quads = list(graph.store.quads_for_pattern(None, None, None, tally))
    subjects = Counter("tally" if q.subject == tally else q.subject.value.rsplit("/", 2)[1] for q in quads)
    # the tally (type, state, viewpoint, and an edge to each of its 119 standings), and the standings:
    # type, recognition, viewpoint, holder, start, and an end for the 26 that Serbia counts as withdrawn
    assert subjects == {"tally": 3 + 119, "recognition-standing": 119 * 5 + 26}
    tallies = NamedNode(str(DK.tallies))
    standings = {q.object for q in quads if q.subject == tally and q.predicate == tallies}
    assert {q.subject for q in quads if q.subject != tally} == standings
    assert [q.graph_name for q in graph.store.quads_for_pattern(tally, tallies, None)] == [tally] * 119


def test_a_rebuild_replaces_the_store_in_place(tmp_path: Path, held_today) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    builder.build(DATA_DIR, store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.lock"]   # the writers' lock beside it
    assert len(KnowledgeGraph.open(store).query("recognisers-as-of")) == len(held_today["kosovo"])


def test_direct_recognition_edges_are_derived(graph: KnowledgeGraph, csv_recognitions) -> None:  # noqa: ANN001
    recognises = NamedNode("https://w3id.org/dipkg/ontology#recognises")
    kosovo = NamedNode("https://w3id.org/dipkg/id/state/XKX")
    edges = {q.subject.value.rsplit("/", 1)[1] for q in graph.store.quads_for_pattern(None, recognises, kosovo)}
    assert edges == set(csv_recognitions.recognizer)


def test_partial_dates_carry_their_precision(graph: KnowledgeGraph) -> None:
    got = graph.query("recognisers-as-of").set_index("recognizer")
    assert got.loc["BDI", "date_precision"] == "year"
    assert got.loc["BDI", "date"].strftime("%Y-%m-%d") == "2012-01-01"
    assert got.loc["YEM", "date_precision"] == "month"
    assert got.loc["USA", "date_precision"] == "day"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, prefix: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith(prefix))


def test_violation_queries_name_the_row(data_copy: Path) -> None:
    claims = data_copy / "withdrawal_claims.csv"
    recs = data_copy / "recognitions.csv"
    states = data_copy / "states.csv"
    acts = data_copy / "recognition_claims.csv"
    memberships = data_copy / "memberships.csv"
    _edit(memberships, "ALB-AII,ALB,AII,member,", "ALB-AII,ALB,UN,member,")
    _edit(claims, "wc-SUR,SUR-XKX,SRB,2017-10-31", "wc-SUR,SUR-XKX,SRB,2015-10-31")
    _edit(acts, ",XKX,kallxo-2020-02-jamaica;koha-2019-02-recognitions;agenzianova-2021-02-israel,", ",XKX,,")
    _edit(claims, "wc-CAF,CAF-XKX,SRB,2019-07-27,sputnik-2019-07-car,,", "wc-CAF,CAF-XKX,SRB,2019-07-27,sputnik-2019-07-car,XKX,")
    _edit(recs, "CRI-XKX,CRI,XKX,", "CRI-XKX,XKX,XKX,")
    _edit(states, "ALB,state,AL,ALB,Albania,member,1955-12-14,", "ALB,state,AL,ALB,Albania,member,,")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data_copy)
    assert [str(p) for p in failure.value.problems] == [
        f"data/memberships.csv:{_line(memberships, 'ALB-AII')}:3: a membership of the UN comes from states.csv "
        "(un_status, un_admission_date), not from memberships.csv [un-membership-violation]",
        f"data/recognition_claims.csv:{_line(acts, 'rc-JAM')}:12: omitted_by is filled but no source is given for "
        "it [side-without-source-violation]",
        f"data/recognitions.csv:{_line(recs, 'CRI-XKX')}:3: XKX cannot recognise itself [self-recognition-violation]",
        f"data/states.csv:{_line(states, 'ALB,')}:7: a UN member needs its un_admission_date [un-admission-violation]",
        f"data/withdrawal_claims.csv:{_line(claims, 'wc-SUR')}:4: claim date 2015-10-31 is before the recognition "
        "SUR-XKX it is about (2016-07-08) [claim-before-recognition-violation]",
        f"data/withdrawal_claims.csv:{_line(claims, 'wc-CAF')}:7: disputed_by is filled but no source is given for it "
        "[side-without-source-violation]",
    ]


def test_shacl_violations_name_the_row(data_copy: Path) -> None:
    # A sovereign entity cannot be the recognised *state*: the schema allows it, SHACL does not.
    recs = data_copy / "recognitions.csv"
    _edit(recs, "CRI-XKX,CRI,XKX,", "CRI-XKX,CRI,XOM,")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data_copy)
    [problem] = failure.value.problems
    assert (problem.file, problem.line, problem.column) == ("data/recognitions.csv", _line(recs, "CRI-XKX"), 3)
    assert "https://w3id.org/dipkg/id/state/XOM" in problem.message


def test_current_memberships_get_a_direct_edge(graph: KnowledgeGraph) -> None:
    member_of = NamedNode("http://www.w3.org/ns/org#memberOf")

    def organisations(state: str) -> set[str]:
        subject = NamedNode(f"https://w3id.org/dipkg/id/state/{state}")
        return {q.object.value.rsplit("/", 1)[1] for q in graph.store.quads_for_pattern(subject, member_of, None)}

    assert {"NATO", "UN", "COE", "OSCE", "WTO"} <= organisations("ALB")
    assert "EU" not in organisations("GBR")          # left on 2020-01-31
    assert "UN" not in organisations("XKX") and "IMF" in organisations("XKX")
    assert "UN" not in organisations("VAT")           # an observer: on its dk:Membership, not org:memberOf
    un = {q.subject.value for q in graph.store.quads_for_pattern(
        None, member_of, NamedNode("https://w3id.org/dipkg/id/organisation/UN"))}
    assert len(un) == 193                             # current full members only
    assert "UNSC" in organisations("FRA")             # a permanent member is a full member


def test_each_series_of_counts_is_chained_and_its_latest_and_month_end_counts_linked(graph: KnowledgeGraph) -> None:
    dk = "https://w3id.org/dipkg/ontology#"
    obs = "https://w3id.org/dipkg/id/follower-observation/followers."

    def edges(predicate: str) -> set[tuple[str, str]]:
        return {(q.subject.value, q.object.value)  # type: ignore[union-attr]
                for q in graph.store.quads_for_pattern(None, NamedNode(dk + predicate), None, None)}

    assert edges("latestCount") == {
        ("https://w3id.org/dipkg/id/account/facebook-ediramaal", obs + "facebook-ediramaal.2022-01-20"),
        ("https://w3id.org/dipkg/id/account/instagram-ediramaal", obs + "instagram-ediramaal.2019-01-18"),
        ("https://w3id.org/dipkg/id/account/x-ediramaal", obs + "x-ediramaal.2019-01-18"),
    }
    assert edges("previousCount") == {(obs + "x-ediramaal.2019-01-18", obs + "x-ediramaal.2012-08")}
    # each count is the last of its month here, so each is its own month end
    counts = {obs + c for c in ("facebook-ediramaal.2022-01-20", "instagram-ediramaal.2019-01-18",
                                "x-ediramaal.2019-01-18", "x-ediramaal.2012-08")}
    assert edges("monthEnd") == {(c, c) for c in counts}
    assert edges("monthEndCount") == edges("latestCount") | {
        ("https://w3id.org/dipkg/id/account/x-ediramaal", obs + "x-ediramaal.2012-08")}


def test_the_observation_check_reports_unknown_accounts_once_and_negative_counts() -> None:
    """``observation-violation`` checks large observation graphs (SHACL does not see them) in
    grouped passes: an account that is not in the graph is reported once, a negative count per count."""
    from pyoxigraph import Literal, NamedNode, Quad, Store

    from kg.load import load_ontology
    from kg.namespaces import DK, RDF, XSD
    from kg.validate import violations

    store = Store()
    load_ontology(store)
    g, account, ghost = iris.graph("follower_observations"), iris.mint("account", "x-real"), iris.mint("account", "x-ghost")
    store.add(Quad(account, NamedNode(str(RDF.type)), NamedNode(str(DK.Account)), iris.graph("accounts")))
    for who, day, n in ((account, "2024-01-01", "5"), (account, "2024-01-02", "-1"), (ghost, "2024-01-01", "3"),
                        (ghost, "2024-01-02", "4")):
        obs = iris.observation("follower-observation", "followers", iris.key_of(who, "account"), day)
        store.add(Quad(obs, NamedNode(str(RDF.type)), NamedNode(str(DK.FollowerObservation)), g))
        store.add(Quad(obs, NamedNode(str(DK.account)), who, g))
        store.add(Quad(obs, NamedNode(str(DK.followers)), Literal(n, datatype=NamedNode(str(XSD.integer))), g))
    problems = sorted(str(p) for p in violations(store, {}, {}))
    ghostly = ("graph: <https://w3id.org/dipkg/id/follower-observation/followers.x-ghost.{}>: follower count of an "
               "account that is not in the graph: https://w3id.org/dipkg/id/account/x-ghost [observation-violation]")
    assert len(problems) == 2
    assert problems[0] in {ghostly.format("2024-01-01"), ghostly.format("2024-01-02")}  # at one of its counts
    assert problems[1] == (
        "graph: <https://w3id.org/dipkg/id/follower-observation/followers.x-real.2024-01-02>: a follower count must "
        "be a whole number of at least 0 [observation-violation]")


def test_shacl_reads_the_terms_rdflibs_own_parser_would_make(graph: KnowledgeGraph) -> None:
    """pySHACL's data graph is parsed by Oxigraph (kg.validate._rdflib_graph); its terms are
    rdflib's own on the text Oxigraph dumps (which writes an xsd:string literal plain): plain,
    typed and language-tagged literals, escapes, blank nodes."""
    import rdflib

    from kg.validate import _rdflib_graph, shacl_input

    crafted = ('<urn:s> <urn:p> "plain" .\n'
               '<urn:s> <urn:p> "Prishtinë"@sq .\n<urn:s> <urn:p> "2008-02-17"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
               '<urn:s> <urn:p> "tab\\there \\u00EB" .\n<urn:s> <urn:p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
               '_:b1 <urn:p> _:b2 .\n').encode()
    ours, theirs = _rdflib_graph(crafted), rdflib.Graph().parse(data=crafted, format="nt")
    assert set(ours.triples((None, None, None))) - {t for t in ours if isinstance(t[0], rdflib.BNode)} == \
        set(theirs.triples((None, None, None))) - {t for t in theirs if isinstance(t[0], rdflib.BNode)}
    assert len(ours) == len(theirs) == 6
    data, _ = shacl_input(graph.store)
    assert set(_rdflib_graph(data)) == set(rdflib.Graph().parse(data=data, format="nt"))


def test_shacl_gives_property_shapes_their_node_shapes_targets_with_the_same_results(graph: KnowledgeGraph) -> None:
    """pySHACL checks a property shape reached through sh:property one focus node at a time, so
    kg.validate._targeted gives each property shape its node shape's targets instead: every
    property shape of the 21 targeted node shapes moves, and pySHACL reports the same results as
    with the shapes as written, here on the shipped tables with a triple in 40 dropped and a
    wrong value added beside one in 40."""
    import rdflib
    from pyshacl import validate as pyshacl_validate

    from kg.paths import SHAPES_FILE
    from kg.validate import _rdflib_graph, _targeted, shacl_input

    written = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    links = set(written.triples((None, SH.property, None)))
    targeted = _targeted(rdflib.Graph().parse(SHAPES_FILE, format="turtle"))
    assert len(set(written.subjects(RDF.type, SH.NodeShape))) == 21
    assert len(links) == 163 and not set(targeted.triples((None, SH.property, None)))
    recogniser = next(p for p in targeted.subjects(SH.path, DK.recogniser))
    assert set(targeted.objects(recogniser, SH.targetClass)) == {DK.Recognition}
    date_order = next(p for p in targeted.subjects(SH.lessThanOrEquals, DK.endDate))
    assert set(targeted.objects(date_order, SH.targetSubjectsOf)) == {DK.endDate}

    data, ontology = shacl_input(graph.store)
    wrong = [b'"x"', b'"12"^^<http://www.w3.org/2001/XMLSchema#integer>', b"<https://w3id.org/dipkg/id/state/ZZZ>",
             b'"2999-01-01"^^<http://www.w3.org/2001/XMLSchema#date>', b'"abc"@en']
    lines = []
    for i, line in enumerate(data.splitlines(keepends=True)):
        if i % 40 == 7:
            continue
        lines.append(line)
        if i % 40 == 23:
            subject, predicate, _ = line.split(b" ", 2)
            lines.append(b" ".join([subject, predicate, wrong[i % len(wrong)], b".\n"]))
    broken = b"".join(lines)

    def results(shapes: rdflib.Graph) -> Counter[tuple[str, ...]]:
        _, report, _ = pyshacl_validate(_rdflib_graph(broken), shacl_graph=shapes, inference="none",
                                        ont_graph=rdflib.Graph().parse(data=ontology, format="nt"),
                                        allow_warnings=True, inplace=True)
        return Counter(tuple(str(report.value(r, p)) for p in (SH.focusNode, SH.resultPath, SH.value,
                                                                SH.sourceConstraintComponent, SH.resultMessage))
                       for r in report.subjects(RDF.type, SH.ValidationResult))

    before = results(written)
    assert sum(before.values()) > 300
    assert results(targeted) == before
