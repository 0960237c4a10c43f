"""The workbench's pages, downloads and SPARQL endpoint (kg.web), through Starlette's test client
on the store built from data/: every value asserted comes from the CSVs."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg import KnowledgeGraph, queries
from kg.web.app import create
from kg.web.engine import InProcess, preferred
from kg.web.workbench import Workbench, readable

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    engine = InProcess(store_path)
    # no SERVICE allowed: the federated questions are refused at once instead of waiting on the network
    with TestClient(create(Workbench(engine, store_path, services=()))) as test_client:
        yield test_client
    engine.close()


class _Table(HTMLParser):
    """The rows of the first ``table.answer`` (cell texts), and every link (href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[tuple[str, str]] = []
        self._in_answer = self._in_cell = False
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "answer" in (found.get("class") or "") and not self.rows:
            self._in_answer = True
        elif tag == "tr" and self._in_answer:
            self.rows.append([])
        elif tag == "td" and self._in_answer:
            self._in_cell = True
            self.rows[-1].append("")
        elif tag == "a":
            self._href, self._text = found.get("href"), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_answer = False
        elif tag == "td":
            self._in_cell = False
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._in_cell and self.rows:
            self.rows[-1][-1] += data
        if self._href is not None:
            self._text += data


def parsed(page: str) -> _Table:
    table = _Table()
    table.feed(page)
    table.rows = [r for r in table.rows if r]
    return table


def test_the_home_page_says_what_the_graph_holds_and_lists_the_research_questions(client: TestClient) -> None:
    page = client.get("/", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "<title>dipkg workbench · dipkg</title>" in text
    assert re.search(r'<a href="/resource\?iri=https%3A%2F%2Fw3id.org%2Fdipkg%2Fontology%23Recognition">'
                     r"dk:Recognition</a></td><td class=\"num\">127</td>", text)
    assert re.search(r"<dt>Ontology</dt><dd>0\.4\.0</dd>", text)
    assert re.search(r'<dd id="built">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</dd>', text)
    links = dict(parsed(text).links)
    assert links["/questions/bloc-recognition"] == "Recognition inside a bloc"
    for title in ("Recognition and legitimacy", "Membership without full recognition", "Traditional presence",
                  "Digital presence as compensation", "Image versus conditions", "Competition for influence", "Risks"):
        assert f"<h3>{title}</h3>" in text
    # every named question is listed under at least one research question
    for name in queries.registry():
        assert f'href="/questions/{name}"' in text


def test_bloc_recognition_for_the_eu_on_a_date(client: TestClient) -> None:
    page = client.get("/questions/bloc-recognition?bloc=EU&as_of=2025-06-01&viewpoint=kosovo", headers=HTML)
    assert page.status_code == 200
    table = parsed(page.text)
    assert len(table.rows) == 27
    refusing = sorted(row[1] for row in table.rows if row[4] == "no")
    assert refusing == ["Cyprus", "Greece", "Romania", "Slovakia", "Spain"]
    france = next(row for row in table.rows if row[1] == "France")
    assert france[0] == "FRA" and france[5] == "2008-02-18"
    assert ("/id/state/FRA", "FRA") in table.links
    # the form keeps what was asked; the selects show names
    assert '<option value="EU" selected>European Union (EU)</option>' in page.text
    assert '<input id="p-as_of" name="as_of" type="date" value="2025-06-01">' in page.text
    # downloads with the same parameters, the figure-less question has no image, the SPARQL written out
    assert 'href="/questions/bloc-recognition.csv?bloc=EU&amp;as_of=2025-06-01&amp;viewpoint=kosovo"' in page.text
    assert "<img" not in page.text
    assert '&#34;2025-06-01&#34;^^&lt;http://www.w3.org/2001/XMLSchema#date&gt;' in page.text
    sparql = re.search(r"<pre><code>(.*?)</code></pre>", page.text, re.S).group(1)   # type: ignore[union-attr]
    assert sparql.startswith("PREFIX dk: &lt;https://w3id.org/dipkg/ontology#&gt;\n")
    assert "PREFIX foaf:" not in sparql and "\n\n\n" not in sparql
    assert 'href="/editor?query=PREFIX+dk' in page.text


def test_downloads_are_the_cli_answers(client: TestClient, store_path: Path) -> None:
    params = "?bloc=NATO&as_of=2020-01-01"
    got = client.get(f"/questions/bloc-recognition.csv{params}")
    assert got.status_code == 200 and got.headers["content-type"] == "text/csv; charset=utf-8"
    expected = KnowledgeGraph.open(store_path).answer("bloc-recognition", bloc="NATO", as_of="2020-01-01")
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0] == expected.columns and len(rows) - 1 == len(expected) == 29
    records = client.get(f"/questions/bloc-recognition.json{params}").json()
    assert [r["member"] for r in records] == [r[0] for r in expected.rows]
    xlsx = client.get(f"/questions/bloc-recognition.xlsx{params}")
    assert xlsx.content[:2] == b"PK" and xlsx.headers["content-type"].startswith("application/vnd.openxml")
    import pandas as pd

    sheet = pd.read_excel(io.BytesIO(xlsx.content))
    assert sheet.member.tolist() == [r[0] for r in expected.rows]


def test_a_question_with_a_figure_shows_it(client: TestClient) -> None:
    page = client.get("/questions/recognition-timeline?as_of=2020-12-31", headers=HTML)
    assert '<img src="/questions/recognition-timeline.svg?as_of=2020-12-31"' in page.text
    svg = client.get("/questions/recognition-timeline.svg?as_of=2020-12-31")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content[:500]


def test_contested_acts_are_marked_with_who_claims_and_who_disputes(client: TestClient) -> None:
    page = client.get("/questions/withdrawal-claims", headers=HTML)
    table = parsed(page.text)
    at = next(i for i, row in enumerate(table.rows) if row[0] == "wc-SUR")
    # the row after a contested fact says who takes which side, across the table
    assert table.rows[at + 1] == ["contested: claimed by Serbia (SRB); disputed by Kosovo (XKX)"]
    sao_tome = next(i for i, row in enumerate(table.rows) if row[0] == "wc-STP")
    assert table.rows[sao_tome + 1] == ["contested: claimed by Serbia (SRB); disputed by Kosovo (XKX); "
                                        "confirmed by Sao Tome and Principe (STP)"]
    # the sources are citations linked to their URLs
    assert ('https://www.klix.ba/vijesti/regija/juznoamericka-drzava-surinam-povukla-priznanje-nezavisnosti-kosova/'
            '171031149', 'klix.ba') in table.links


@pytest.mark.parametrize("name", sorted(queries.registry()))
def test_every_named_question_renders_with_its_defaults(client: TestClient, name: str) -> None:
    page = client.get(f"/questions/{name}", headers=HTML)
    query = queries.resolve(name)
    if query.federated:   # the test server allows no SERVICE: the page says so
        assert page.status_code == 403
        assert "is not on this server&#39;s allow-list (empty)" in page.text
        assert '<form class="params"' in page.text
        return
    assert page.status_code == 200, page.text
    assert f"<h1>{query.title}</h1>" in page.text.replace("&#39;", "'")
    shown = re.search(r'<span class="count">(\d+) rows?</span>', page.text)
    assert shown is not None
    csv_rows = list(csv.reader(io.StringIO(client.get(f"/questions/{name}.csv").text)))
    assert int(shown.group(1)) == len(csv_rows) - 1


def test_a_bad_parameter_gives_the_form_again_with_what_is_known(client: TestClient) -> None:
    page = client.get("/questions/bloc-recognition?bloc=ASEAN", headers=HTML)
    assert page.status_code == 400
    assert 'parameter bloc: no organisation "ASEAN" in the graph; known ids include AII, BSEC, CEB' in html.unescape(page.text)
    assert '<form class="params"' in page.text
    wrong_date = client.get("/questions/recognition-timeline?as_of=31.12.2020", headers=HTML)
    assert wrong_date.status_code == 400
    assert 'parameter as_of: "31.12.2020" is not a date as YYYY-MM-DD' in html.unescape(wrong_date.text)
    unknown = client.get("/questions/no-such-question", headers=HTML)
    assert unknown.status_code == 400 and "no question named &#39;no-such-question&#39;" in unknown.text


#: One resource of every kind the build writes, and what its page must say (from data/).
ENTITIES = {
    "state/FRA": ["<h1>France</h1>", "2008-02-18"],
    "recognition/FRA-XKX": ["<h1>Recognition of Kosovo by France, 2008-02-18</h1>", "International recognition of Kosovo",
                            "https://en.wikipedia.org/wiki/International_recognition_of_Kosovo",
                            '<a href="/id/state/FRA"'],
    "withdrawal-claim/wc-SUR": ["<h1>Claim by Serbia that Suriname withdrew its recognition of Kosovo, 2017-10-31</h1>", "/id/state/SRB", "https://www.klix.ba/"],
    "recognition-claim/rc-KNA": ["/id/recognition/KNA-XKX", "/id/state/XKX", "/id/source/rferl-2012-skn"],
    "recognition-standing/FRA-XKX.kosovo": ["2008-02-18", "/id/recognition/FRA-XKX"],
    "recognition-tally/XKX.serbia": ["Recognitions of Kosovo under the viewpoint", "/id/state/XKX",
                                     "/id/recognition-standing/FRA-XKX.serbia"],
    "reach/XKX": ["<h1>Missions and memberships of Kosovo</h1>", "/id/state/XKX"],
    "membership/ALB-NATO": ["<h1>Membership of Albania in North Atlantic Treaty Organization</h1>", "2009-04-01", "/id/organisation/NATO", "/id/state/ALB"],
    "mission/ALB-ITA-embassy-rome": ["<h1>Embassy of Albania in Rome</h1>", "/id/state/ITA", "/id/state/ALB"],
    "office/ALB-head_of_government": ["<h1>Prime Minister of Albania</h1>", "/id/state/ALB",
                                      "/id/office-term/ALB-head_of_government-2013-09-15"],
    "office-term/ALB-head_of_government-2013-09-15": ["<h1>Edi Rama as Prime Minister of Albania, 2013-09-15</h1>",
                                                      "/id/office/ALB-head_of_government", "/id/person/edi-rama"],
    "person/edi-rama": ["<h1>Edi Rama</h1>", "http://www.wikidata.org/entity/Q316901", "/id/account/x-ediramaal"],
    "organisation/NATO": ["<h1>North Atlantic Treaty Organization</h1>", "/id/membership/ALB-NATO"],
    "source/wp-recognition-of-kosovo": ["International recognition of Kosovo", "2026-11-23",
                                        "https://en.wikipedia.org/wiki/International_recognition_of_Kosovo"],
    "application/ALB-EU-2009": ["2009-04-28", "/id/organisation/EU"],
    "application-step/ALB-EU-2009-4": ["2014-06-27", "/id/application/ALB-EU-2009"],
    "account/facebook-ediramaal": ["ediramaal", "https://www.facebook.com/ediramaal"],
    "platform/tiktok": ["TikTok"],
    "campaign/invest-in-albania": ["Invest in Albania"],
    "external-actor/china": ["China"],
    "instrument/yunus-emre-tirana": ["Tirana"],
    "incident/alb-2023-12-parliament-telecom-cyberattack": ["2023-12"],
    "relations-event/XKX-LCA-established": ["/id/state/LCA"],
    "dataset/followers": ["/id/follower-observation/followers.instagram-ediramaal.2019-01-18"],
    "follower-observation/followers.instagram-ediramaal.2019-01-18": ["264000", "2019-01-18"],
    "indicator-observation/indicators.XKX.2015.corruption_perception.CPI": ["/id/state/XKX"],
    "region/eastern-europe": ["/id/state/"],
}


def test_every_kind_the_build_writes_has_a_case() -> None:
    from kg.prefixes import KINDS

    assert sorted({key.partition("/")[0] for key in ENTITIES}) == sorted(KINDS)


@pytest.mark.parametrize("path", sorted(ENTITIES))
def test_every_entity_kind_has_a_page(client: TestClient, path: str) -> None:
    page = client.get(f"/id/{path}", headers=HTML)
    assert page.status_code == 200
    for expected in ENTITIES[path]:
        assert expected in page.text, expected
    assert f'href="/id/{path}.ttl"' in page.text and f'href="/id/{path}.jsonld"' in page.text


def test_entity_iris_answer_turtle_and_json_ld(client: TestClient) -> None:
    turtle = client.get("/id/recognition/FRA-XKX", headers={"accept": "text/turtle"})
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8" and turtle.headers["vary"] == "Accept"
    assert "recognition:FRA-XKX a dk:Recognition" in turtle.text
    assert 'dk:startDate "2008-02-18"^^xsd:date' in turtle.text
    assert client.get("/id/recognition/FRA-XKX.ttl").text == turtle.text
    jsonld = client.get("/id/recognition/FRA-XKX.jsonld").json()
    about = next(node for node in (jsonld if isinstance(jsonld, list) else jsonld["@graph"])
                 if node["@id"] in ("https://w3id.org/dipkg/id/recognition/FRA-XKX", "recognition:FRA-XKX"))
    assert about
    missing = client.get("/id/state/XXX", headers=HTML)
    assert missing.status_code == 404 and "The graph holds nothing about https://w3id.org/dipkg/id/state/XXX." in missing.text
    assert client.get("/id/state/XXX.ttl").status_code == 404


def test_values_from_the_graph_are_escaped(client: TestClient) -> None:
    query = 'SELECT ?note WHERE { BIND("<script>alert(1)</script> & <b>x</b>" AS ?note) }'
    page = client.get("/editor", params={"query": query}, headers=HTML)
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;</td>" in page.text


def test_the_sparql_endpoint_is_read_only_and_keeps_to_its_allow_list(client: TestClient) -> None:
    count = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a dk:Recognition }"   # no PREFIX: dipkg declares it
    answer = client.get("/sparql", params={"query": count}, headers={"accept": "application/sparql-results+json"})
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "127"
    as_csv = client.post("/sparql", data={"query": count}, headers={"accept": "text/csv"})
    assert as_csv.text == "n\r\n127\r\n"
    body = client.post("/query", content=count, headers={"content-type": "application/sparql-query",
                                                          "accept": "text/tab-separated-values"})
    assert body.text == "?n\n127\n"
    construct = "CONSTRUCT { state:XKX rdfs:label ?l } WHERE { state:XKX rdfs:label ?l }"
    as_jsonld = client.get("/sparql", params={"query": construct}, headers={"accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"] == "application/ld+json; charset=utf-8"
    assert as_jsonld.json() == [{"@id": "https://w3id.org/dipkg/id/state/XKX",
                                 "http://www.w3.org/2000/01/rdf-schema#label": [{"@value": "Kosovo"}]}]
    as_turtle = client.get("/sparql", params={"query": construct}, headers={"accept": "text/turtle"})
    assert 'state:XKX rdfs:label "Kosovo" .' in as_turtle.text
    update = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert update.status_code == 403 and update.text == "the workbench is read-only: SPARQL updates are refused\n"
    sneaky = client.post("/sparql", data={"query": "PREFIX a: <urn:a> DROP ALL"})
    assert sneaky.status_code == 403
    service = client.get("/sparql", params={"query": "SELECT * { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }"})
    assert service.status_code == 403
    assert service.text.startswith("SERVICE http://169.254.169.254/ is not on this server's allow-list")
    bad = client.get("/sparql", params={"query": "SELEC * {}"})
    assert bad.status_code == 400 and bad.text.startswith("SPARQL syntax error")


def test_content_negotiation_picks_the_preferred_type() -> None:
    offered = ("text/html", "text/turtle", "application/ld+json")
    assert preferred("text/html,application/xhtml+xml,*/*;q=0.8", offered) == "text/html"
    assert preferred("application/ld+json;q=0.9, text/turtle;q=0.5", offered) == "application/ld+json"
    assert preferred("*/*", offered) == "text/html"
    assert preferred("image/png", offered) is None
    assert preferred("csv", ("text/csv",)) == "text/csv"


def test_the_editor_lists_the_questions_and_the_cookbook_as_examples(client: TestClient) -> None:
    page = client.get("/editor?example=bloc-recognition", headers=HTML)
    assert page.status_code == 200
    assert '<option value="bloc-recognition" selected>Recognition inside a bloc</option>' in page.text
    assert '<option value="cookbook/' in page.text
    config = json.loads(re.search(r'<script type="application/json" id="dipkg-config">(.*?)</script>',
                                  page.text, re.S).group(1))   # type: ignore[union-attr]
    assert config["endpoint"] == "/sparql" and config["prefixes"]["dk"] == "https://w3id.org/dipkg/ontology#"
    assert config["query"] == readable(queries.written(queries.resolve("bloc-recognition"), {}), declare=False)
    assert config["query"].startswith("SELECT ")
    # the plain form ran the example: 27 EU members today
    assert len(parsed(page.text).rows) == 27


def test_other_iris_have_pages_too(client: TestClient) -> None:
    page = client.get("/resource", params={"iri": "https://w3id.org/dipkg/ontology#Recognition"}, headers=HTML)
    assert page.status_code == 200
    assert "<h1>recognition</h1>" in page.text   # the class's rdfs:label
    # every recognition points at its class: the page lists them by label, each with its date and sources
    assert page.text.count('<li><a href="/id/recognition/') == 127
    assert '<a href="/id/recognition/FRA-XKX">Recognition of Kosovo by France, 2008-02-18</a>' in page.text
    turtle = client.get("/resource", params={"iri": "https://w3id.org/dipkg/ontology#Recognition", "format": "ttl"})
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8" and "dk:Recognition a owl:Class" in turtle.text
    ours = client.get("/resource", params={"iri": "https://w3id.org/dipkg/id/state/FRA"}, follow_redirects=False)
    assert ours.status_code == 303 and ours.headers["location"] == "/id/state/FRA"
