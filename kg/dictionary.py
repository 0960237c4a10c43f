"""The data dictionary: one Markdown page on how facts are shaped in the graph, for scholars who
write their own SPARQL.

It is generated from the ontology (``ontology/dipkg.ttl``), the SHACL shapes
(``ontology/shapes.ttl``), the mappers' column declarations (``kg.load.register``) and the graph
built from the shipped data: identifiers, each n-ary fact drawn from a real instance with a
complete example query (``queries/dictionary/*.rq``), the edges the build derives, then every
class and every property. Every question asked of the graph is a ``queries/system/dictionary-*.rq``
file; everything is sorted and every example is the smallest value by string order, so the same
data always gives the same page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg import iris, queries
from kg.dictionary_parts import ABSENT, cell, class_sections, code, curie, drawing, full_roles, property_sections, rows
from kg.graph import KnowledgeGraph
from kg.paths import QUERIES_DIR
from kg.prefixes import ID_BASE, PREFIXES
from kg.render import render
from kg.vocab import definitions

#: The folder of the example queries the page shows.
EXAMPLES_DIR: Path = QUERIES_DIR / "dictionary"
#: Rows of an example query shown.
EXAMPLE_ROWS = 3
DK = PREFIXES["dk"]


@dataclass(frozen=True)
class Fact:
    """An n-ary fact: its example query (``queries/dictionary/<query>.rq``), the instance drawn,
    and what to say of it."""

    query: str
    title: str
    node: str
    text: str


FACTS = (
    Fact("recognition", "Recognition (`dk:Recognition`)", "recognition/USA-XKX",
         "One polity's act of recognising a state, with its date as the sources give it, the date's "
         "precision, its form and its sources. It is never deleted: a withdrawal is a claim about it, and "
         "whether it counts under a viewpoint is said by its standings (see [derived edges](#derived-edges)). "
         "The build writes `dk:recognises` beside it."),
    Fact("recognition-claim", "Recognition claim (`dk:RecognitionClaim`)", "recognition-claim/rc-OMN",
         "A recognition act one side asserts and the recognising polity denied or never confirmed, or a third "
         "polity disputes. The act is a `dk:Recognition` like any other (`dk:aboutRecognition`); the claim "
         "says who asserts it and when it was announced, the ministry's ordinal, who disputes, confirms or "
         "leaves it out of its own count (`dk:disputedBy`, `dk:confirmedBy`, `dk:omittedBy`), and each "
         "side's sources (`dk:claimSource`, `dk:disputeSource`, `dk:confirmSource`, `dk:omissionSource`, "
         "each also written as `prov:wasDerivedFrom`)."),
    Fact("withdrawal-claim", "Withdrawal claim (`dk:WithdrawalClaim`)", "withdrawal-claim/wc-TGO",
         "A claim that a recognition was withdrawn: who claims it and when, who disputes and who confirms "
         "it, with the sources of each side. The recognition it is about is left as it was; the viewpoints "
         "decide which claims end its standing."),
    Fact("membership", "Membership (`dk:Membership`)", "membership/ALB-NATO",
         "A polity's membership of an organisation, as W3C ORG's `org:Membership`: `org:member`, "
         "`org:organization`, `org:role` (a concept of `dk:MembershipRoleScheme`), dated by `dk:startDate` "
         "and `dk:endDate` with their precisions. A UN membership is one like the others, derived from "
         "states.csv (key `<state>-UN`). The build writes `org:memberOf` beside a current full membership."),
    Fact("mission", "Diplomatic mission (`dk:DiplomaticMission`)", "mission/ALB-SWE-embassy-stockholm",
         "A permanent office of a sending polity in a host state, or at an organisation: its type, city, "
         "dates and the polities it also covers by non-resident accreditation. Read the dates with their "
         "precision: an embassy known to have opened in April 1972 has `dk:startDate` 1972-04-01, "
         "`dk:datePrecision` `dk:MonthPrecision`, and counts from 1972-04-30."),
    Fact("follower-count", "Follower count (`dk:FollowerObservation`, a Data Cube observation)",
         "follower-observation/followers.x-ediramaal.2019-01-18",
         "A `qb:Observation` of a dataset structured by `dk:FollowerStructure`: the account (`dk:account`) "
         "and the date (`dk:refDate`) are its dimensions, `dk:followers` its measure, the precision and the "
         "source its attributes. The curated counts are the dataset `dkid:dataset/followers`; an import "
         "writes counts of the same shape in a dataset of its own. The build chains the counts of each "
         "account in each dataset (`dk:previousCount`, `dk:monthEnd`, `dk:monthEndCount`, `dk:latestCount`)."),
    Fact("indicator-value", "Indicator value (`dk:IndicatorObservation`, a Data Cube observation)",
         "indicator-observation/indicators.XKX.2013.corruption_perception.CPI",
         "A `qb:Observation` of a dataset structured by `dk:IndicatorStructure`: the state (`dk:refArea`), "
         "the year (`dk:refYear`, an `xsd:gYear`), the indicator (a concept of `dk:IndicatorScheme`) and the "
         "publisher's series code (`dk:seriesCode`) are its dimensions, `dk:value` (an `xsd:decimal` as "
         "published) its measure, `dk:unit` and the source its attributes. Compare values within one code."),
)

#: What the key of each kind of IRI is (:func:`kg.iris.mint`).
KEYS = {
    "state": "`id` of states.csv: ISO 3166-1 alpha-3, or a user-assigned code (`XKX`, `XOM`, `XNC`)",
    "source": "`id` of sources.csv", "recognition": "`id` of recognitions.csv: `<recognizer>-<recognized>`",
    "recognition-claim": "`id` of recognition_claims.csv: `rc-<recognizer>`",
    "withdrawal-claim": "`id` of withdrawal_claims.csv: `wc-<recognizer>`",
    "recognition-standing": "`<recognition id>.<viewpoint>`, derived by the build",
    "region": "the M49 name in lower case, `-` for other characters (from states.csv)",
    "organisation": "`id` of organisations.csv",
    "membership": "`id` of memberships.csv, or `<state>-UN` for a UN membership derived from states.csv",
    "application": "`id` of applications.csv", "application-step": "`id` of application_steps.csv",
    "relations-event": "`id` of relations.csv", "mission": "`id` of missions.csv",
    "platform": "`id` of platforms.csv", "campaign": "`id` of campaigns.csv",
    "account": "`id` of accounts.csv: `<platform>-<handle>`", "external-actor": "`id` of external_actors.csv",
    "instrument": "`id` of instruments.csv", "incident": "`id` of incidents.csv",
    "dataset": "`followers`, `indicators`, or `import-<name>` for an import",
    "follower-observation": "`<dataset>.<account>.<date as written>`",
    "indicator-observation": "`<dataset>.<state>.<year>.<indicator>.<series code>` (without an indicator if the "
                             "row names none)",
}

def dictionary_page(graph: KnowledgeGraph) -> str:
    """The data dictionary of ``graph`` (built from the shipped data), as Markdown."""
    store = graph.store
    classes = rows(store, "dictionary-classes")
    used = rows(store, "dictionary-class-properties")
    properties = rows(store, "dictionary-properties")
    typed = {row["class"] for row in classes if row["typed"]}   # the classes some resource is typed with
    lines = _introduction() + _identifiers(graph) + _facts(graph) + _derived(graph, properties, used, typed)
    lines += class_sections(classes, used, properties) + property_sections(properties, used, typed)
    return "\n".join(lines).rstrip("\n") + "\n"


def _introduction() -> list[str]:
    declared = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()]
    return [
        "# Data dictionary", "",
        "Generated by `dipkg docs` (`kg/dictionary.py`) from `ontology/dipkg.ttl`, `ontology/shapes.ttl`, the "
        "mappers of `kg/load/` and the graph built from the shipped data; do not edit by hand. It says how "
        "facts are shaped in the graph, for writing your own SPARQL. The terms are also in [the ontology "
        "reference](ontology/index.html), the codes in [the vocabularies](ontology/vocabularies.md), and "
        "ready questions in [`queries/`](queries/README.md).", "",
        "- [Identifiers and names](#identifiers-and-names)", "- [Facts as nodes](#facts-as-nodes)",
        "- [Derived edges](#derived-edges)", "- [Classes](#classes)", "- [Properties](#properties)", "",
        "How to read it:", "",
        "- Terms are written as prefixed names. `dipkg query`, `KnowledgeGraph.query` and the workbench "
        "(`dipkg serve`: its editor and `/sparql`) predeclare the prefixes; elsewhere (another store) "
        "declare them:", "",
        "  ```sparql", *(f"  {line}" for line in declared), "  ```", "",
        "- Instances are written with the prefix of their kind: `state:XKX` is "
        "`<https://w3id.org/dipkg/id/state/XKX>` (see [identifiers](#identifiers-and-names)).",
        "- Values are written as in Turtle: `\"Kosovo\"` (an `xsd:string`), `32874` (an `xsd:integer`), "
        "`\"2008-02-18\"^^xsd:date`; long texts are cut (…). Each example is a real value of the shipped "
        "graph, the smallest by string order.",
        "- The default graph is the union of the named graphs: one per table (`dkg:recognitions`, ...), "
        "`dkg:ontology` (the ontology and its vocabularies), one per recognition tally, named by the tally's "
        "IRI (its standings), one per state's reach, named by the reach's IRI, "
        "`dkg:derived` (the start of undated facts and the labels made from parts), `dkg:import-<name>` for "
        "each `dipkg import`, and "
        "`dkg:inferred` after `dipkg reason`. Counts are those of the shipped data.", ""]


def _identifiers(graph: KnowledgeGraph) -> list[str]:
    found = {row["kind"]: row for row in rows(graph.store, "dictionary-identifiers")}
    lines = [
        "## Identifiers and names", "",
        f"Every resource the build mints has the IRI `{ID_BASE}<kind>/<key>` (`kg/iris.py`): the key is the "
        "row's natural key, percent-encoded except for letters, digits, `-`, `_`, `.` and `~`, so a rebuild "
        "mints the same IRIs. The key is also the resource's `dcterms:identifier` (a plain string), except on "
        "regions, recognition standings and Data Cube observations, which are found from their edges.", "",
        "| kind | key | resources | with `dcterms:identifier` | example |", "| --- | --- | --- | --- | --- |"]
    for kind in sorted(iris.KINDS):
        row = found.get(kind, {})
        example = code(curie(row["example"])) if row.get("example") else ABSENT
        lines.append(f"| `{kind}` | {cell(KEYS.get(kind, ''))} | {row.get('resources', 0)} | "
                     f"{row.get('identified_resources', 0)} | {example} |")
    lines += [
        "", "Each kind has a prefix of its own (`dipkg prefixes` lists them), so an instance is written "
        "`state:XKX`, `organisation:NATO` or `account:x-ediramaal`. A prefixed name cannot hold a `/`, so "
        "`dkid:state/XKX` is a SPARQL syntax error (`dipkg query` says so and gives the right spelling). "
        "Any of these works:", "", "```sparql",
        "?recognition dk:recognised state:XKX .                                # the kind's prefix",
        "?recognition dk:recognised <https://w3id.org/dipkg/id/state/XKX> .   # the whole IRI",
        "?recognition dk:recognised dkid:state\\/XKX .                          # the slash escaped",
        "?recognition dk:recognised ?state . ?state dcterms:identifier \"XKX\" .  # the key", "```", "",
        "Names and codes:", "",
        "- `rdfs:label` holds the name of a polity (the UN's English short name), an organisation, a "
        "platform, a campaign, an external actor, an instrument and a dataset; a region has "
        "`skos:prefLabel`, a source `dcterms:title`.",
        "- `skos:notation` holds the code of a vocabulary concept, the one the CSV tables use: "
        "`?m org:role/skos:notation \"observer\"`, `?r dk:datePrecision/skos:notation \"day\"`.",
        "- `foaf:accountName` holds an account's handle as written on the platform (without `@`); "
        "`dk:holderName` says whose account it is.",
        "- `prov:wasDerivedFrom` points from every fact to its `dk:Source` nodes, which carry `dk:url` (an "
        "`xsd:anyURI` literal, not an IRI: compare with `STR`), `dcterms:title`, `dc:publisher` and "
        "`dk:accessed`; `skos:note` holds the curators' note of the row.",
        "- `dk:wikidata` and `dk:holderItem` are Wikidata IRIs (`wd:Q…`), `dk:handleProperty` a Wikidata "
        "property (`wd:P…`).", ""]
    return lines


def _facts(graph: KnowledgeGraph) -> list[str]:
    lines = ["## Facts as nodes", "",
             "A fact with more than two parts (who, whom, when, how precisely, on whose word) is a node of its "
             "own, with an edge to each part. Each drawing below is a real node of the shipped graph: "
             "`--p-->` an edge from it, `<--p--` an edge to it; at most three values of a property are drawn. "
             "Each query is in `queries/dictionary/` (run it with `dipkg query queries/dictionary/NAME.rq`).", ""]
    for fact in FACTS:
        query = queries.load_query_file(EXAMPLES_DIR / f"{fact.query}.rq")
        frame = queries.run(graph.store, query)
        body = query.body
        shown = f"the first {EXAMPLE_ROWS}" if len(frame) > EXAMPLE_ROWS else "all"
        lines += [f"### {fact.title}", "", fact.text, "", "```text", *drawing(graph.store, ID_BASE + fact.node),
                  "```", "", f"[`queries/dictionary/{fact.query}.rq`](../queries/dictionary/{fact.query}.rq): "
                  f"{query.description}", "", "```sparql", body, "```", "",
                  f"On the shipped data ({_params(query)}): {len(frame)} rows, {shown}:", "",
                  render(frame.head(EXAMPLE_ROWS), "md").rstrip("\n"), ""]
    return lines


def _params(query: queries.NamedQuery) -> str:
    return ", ".join(f"{p.name}={p.default}" for p in query.params) or "no parameters"


def _derived(graph: KnowledgeGraph, properties: list[dict], used: list[dict], typed: set[str]) -> list[str]:
    uses = {row["property"]: row["uses"] or 0 for row in properties}
    member_of = next((row["subjects"] for row in used if row["class"] == DK + "Polity"
                      and row["property"] == PREFIXES["org"] + "memberOf"), 0)
    dated = [f"`{c}`" for c in sorted(curie(row["class"]) for row in used
                                      if row["property"] == DK + "countsFrom" and row["class"] in typed)]
    roles = ", ".join(f"`{role}`" for role in full_roles())
    lines = [
        "## Derived edges", "",
        "The build writes these beside the curated facts so that questions need not recompute them. They are "
        "current as of the build: each says what the tables held when the graph was built, none moves with "
        "the calendar, and editing a CSV needs a new `dipkg build` (an import refreshes only its own "
        "dataset's edges).", "",
        f"- **`dk:recognises`** (polity → state; {uses.get(DK + 'recognises', 0)} edges). Written by "
        "`kg/load/recognitions.py` for every row of recognitions.csv, from the recognizer to the recognised "
        "state, in `dkg:recognitions`. It records that an act is recorded, contested acts included; a "
        "withdrawal claim never removes it and it holds under no particular viewpoint. For \"recognises on a "
        "date\" read the standings below.",
        f"- **`org:memberOf`** (polity → organisation; {member_of} polities have one). Written by "
        "`kg/load/memberships.py` (also for the UN memberships derived from states.csv) for each membership "
        f"with no end date whose role is {roles} (`member` and the roles narrower than it, "
        "`kg.vocab.within`). Observers, associates, partners, participation through UNMIK or as 'Kosovo*', "
        "and ended memberships have none. \"Current\" means no end date in the data: neither the day of the "
        "build nor the start date is compared. For memberships on a date, read the `dk:Membership` nodes.",
        "- **`rdfs:label`** of a fact (`@en`). Every resource the build writes that has no name of its own "
        "gets one made from its parts by `queries/derive/labels.rq` (`kg/derive.py`, graph `dkg:derived`): "
        "\"Recognition of Kosovo by France, 2008-02-18\", \"Embassy of Albania in Rome\", \"Membership of "
        "Albania in North Atlantic Treaty Organization\", \"Claim by Serbia that Suriname withdrew its "
        "recognition of Kosovo, 2017-10-31\"; a date is written to its precision (2012, 2010-09). A source's "
        "label is its title and publisher. The curated follower counts are labelled by their loader as it "
        "streams them, in `dkg:follower_observations`; imported observations have none.",
        f"- **`dk:countsFrom`** (fact → `xsd:date`; {uses.get(DK + 'countsFrom', 0)} statements). The first "
        "day on which a dated fact certainly holds, which \"as of\" questions compare: written by "
        "a partial date declared with `\"dipkg:countsFrom\": true` (`data/datapackage.json`) beside each "
        "start date (and a claim's `dk:claimDate`), and by `queries/derive/un-membership.ru` for a UN "
        "membership: the last day "
        "of its period (2008 → 2008-12-31, 2017-11 → 2017-11-30, a day → itself). Then, for a mission a "
        "state sends or a membership in its own name (not of a sporting body, not through UNMIK) that has no "
        "start, `queries/derive/undated-facts.rq` (`kg/derive.py`, graph `dkg:derived`) writes the state's "
        f"`dk:independenceDate` ({uses.get(DK + 'independenceDate', 0)} in the shipped data). A fact with "
        "neither has no `dk:countsFrom`: \"as of\" questions count it as open on every date. On: "
        f"{', '.join(dated)}.",
        f"- **`dk:previousCount`**, **`dk:monthEnd`**, **`dk:monthEndCount`**, **`dk:latestCount`** "
        f"({uses.get(DK + 'previousCount', 0)}, {uses.get(DK + 'monthEnd', 0)}, "
        f"{uses.get(DK + 'monthEndCount', 0)} and {uses.get(DK + 'latestCount', 0)} edges). Written by "
        "`series_edges` (`kg/load/cube.py`) for each account's counts in one dataset, ordered by "
        "`dk:refDate` (the first day of the period, so a count known to its year falls in January): from a "
        "count to the one with the latest earlier date (`dk:previousCount`) and to the last count of its "
        "calendar month, itself when it is the last (`dk:monthEnd`); from the account to the last count of "
        "each month (`dk:monthEndCount`) and to its last count of all (`dk:latestCount`). The build writes "
        "them for the curated dataset, `dipkg import followers` for each imported one, so an account counted "
        "in two datasets has two latest counts. \"Latest\" is the latest date in the dataset, not a date "
        "before the day of the build: for \"as of\" questions start from them as `queries/README.md` says.",
        f"- **`dk:RecognitionStanding`** nodes ({uses.get(DK + 'standingOf', 0)}, "
        f"{uses.get(DK + 'heldUntil', 0)} of them with an end). `queries/derive/standings.rq` holds the "
        "viewpoints' rules and `kg/derive.py` writes one node per recognition and viewpoint that accepts the "
        "act, in the graph of its tally (below), keyed `<recognition id>.<viewpoint>` (no `dcterms:identifier`): "
        "`dk:standingOf` the recognition, `dk:viewpoint` the viewpoint's concept, `dk:heldBy` the recognising "
        "polity, `dk:heldFrom` the "
        "recognition's `dk:countsFrom`, and `dk:heldUntil` the earliest `dk:countsFrom` of the withdrawal "
        "claims the viewpoint accepts (absent while none is). When a polity recognised the same state again "
        "while an earlier act still counted, the later act gets no standing under that viewpoint and the "
        "earlier one's period is extended to cover it. A recognition is held on a day D under a viewpoint when its "
        "standing has `dk:heldFrom` ≤ D and no `dk:heldUntil` ≤ D.",
        f"- **`dk:RecognitionTally`** nodes ({uses.get(DK + 'tallyOf', 0)}), one per recognised state and "
        "viewpoint, keyed `<state id>.<viewpoint>`: `dk:tallyOf` the state, `dk:viewpoint` "
        f"the viewpoint's concept, and `dk:tallies` each of the state's standings under it "
        f"({uses.get(DK + 'tallies', 0)} edges). The tally and its standings are in a named graph of their "
        "own whose name is the tally's IRI, so that a question counting one state's recognisers under one "
        "viewpoint reads their holders or dates in one scan (`GRAPH ?tally { ... }`, `queries/README.md`).",
        f"- **`dk:Reach`** nodes ({uses.get(DK + 'reachOf', 0)}), one per state that sends or hosts a mission "
        "or holds a membership, keyed by the state's id (`reach:XKX`), each in a named graph of its own whose "
        "name is its IRI: `dk:reachOf` the state; in its graph, each mission the state sends with the state it "
        f"is sent to (`dk:sentTo`, {uses.get(DK + 'sentTo', 0)} edges), each of its memberships with the "
        f"organisation (`dk:inOrganisation`, {uses.get(DK + 'inOrganisation', 0)}), and each of these and each "
        f"mission it hosts with the day it counts from (`dk:reachFrom`, {uses.get(DK + 'reachFrom', 0)}). "
        "Copies, under properties of their own, of `dk:hostState`, `org:organization` and `dk:countsFrom`, so "
        "that a question about a state's missions and memberships on a date reads them in a few scans of its "
        "graph (`queries/README.md`).", "",
        "| viewpoint | what it counts |", "| --- | --- |"]
    lines += [f"| `{code_}` | {cell(text)} |" for code_, text in definitions(DK + "ViewpointScheme")]
    lines += ["", "A standing with an end:", "", "```text",
              *drawing(graph.store, ID_BASE + "recognition-standing/TGO-XKX.serbia"), "```", ""]
    return lines
