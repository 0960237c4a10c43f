"""A scholar's own table without Python (issue 21): a copy of the project where only
``data/datapackage.json`` (a resource with its mapping declared), a new CSV and
``ontology/dipkg.ttl`` (the class and properties it uses) are edited; `dipkg build` checks and
loads the table and `dipkg query` answers from it. The CSV, the resource, the Turtle and the
query are read from the guide's "Adding a table", so the guide shows exactly what is tested.

The rows are an illustration, not facts: they cite a real source id only because every row must.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.paths import DATA_DIR, ONTOLOGY_DIR, QUERIES_DIR, ROOT

GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8").split("## Adding a table", 1)[1]
BLOCKS = dict(re.findall(r"```(csv|json|turtle|rq)\n(.*?)```", GUIDE, flags=re.S))
ROWS, RESOURCE, ONTOLOGY, QUERY = BLOCKS["csv"], json.loads(BLOCKS["json"]), BLOCKS["turtle"], BLOCKS["rq"]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A copy of the project's ontology, queries and data, as a scholar's checkout holds them."""
    root = tmp_path / "home"
    for folder in (ONTOLOGY_DIR, QUERIES_DIR, DATA_DIR):
        shutil.copytree(folder, root / folder.name)
    package = root / "data" / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["resources"].append(RESOURCE)
    package.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (root / "data" / "cultural_institutes.csv").write_text(ROWS, encoding="utf-8")
    with (root / "ontology" / "dipkg.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n" + ONTOLOGY)
    (tmp_path / "institutes.rq").write_text(QUERY, encoding="utf-8")
    return root


def _dipkg(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIPKG_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args], capture_output=True,
                          text=True, env=env, cwd=home.parent, timeout=300)


def test_a_table_declared_in_the_package_is_built_checked_and_queried(home: Path) -> None:
    store = home.parent / "store"
    built = _dipkg(home, "build", "--store", str(store))
    assert built.returncode == 0, built.stderr
    # per row: its class, id, state, host, city, source and note; and two dates with their precision
    assert [line.split() for line in built.stdout.splitlines() if "cultural_institutes" in line] == [
        ["https://w3id.org/dipkg/graph/cultural_institutes", "25", "triples"]]
    answer = _dipkg(home, "query", str(home.parent / "institutes.rq"), "--store", str(store), "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.splitlines() == [
        "institute,host,city,opened,precision",
        "ALB-rome,ITA,Rome,2019-05-01,month",
        "ALB-vienna,AUT,Vienna,2021-01-01,year",
    ]
    # a later command (dipkg reason) finds the new table's graph among the tables, without the package
    from kg.load import table_graphs
    from kg.store import open_read_only

    graphs = [g.value.rsplit("/", 1)[1] for g in table_graphs(open_read_only(store))]
    assert "cultural_institutes" in graphs and len(graphs) == 21


def test_a_bad_row_of_the_new_table_is_located_like_any_other(home: Path) -> None:
    path = home / "data" / "cultural_institutes.csv"
    path.write_text(ROWS.replace("ALB-vienna,ALB,AUT,", "ALB-vienna,ALB,XYZ,").replace(",2019-05,", ",2019-13,"),
                    encoding="utf-8")
    built = _dipkg(home, "validate")
    assert built.returncode == 1
    assert built.stderr.splitlines()[1:3] == [
        '  data/cultural_institutes.csv:2:5: "2019-13" in column "opened" is not a real date',
        '  data/cultural_institutes.csv:3:3: unknown state "XYZ" in column "host": not an id in '
        "states.csv",
    ]


def test_a_mistake_in_a_declaration_is_named_before_anything_is_loaded(data_copy: Path) -> None:
    """A wrong prefix, kind or value in the mapping is a problem of datapackage.json (exit 1), not
    an error in the middle of the build."""
    from typer.testing import CliRunner

    from kg.cli import app

    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    states = next(r for r in descriptor["resources"] if r["name"] == "states")
    states["schema"]["dipkg:about"] = "State Of"
    fields = {f["name"]: f for f in states["schema"]["fields"]}
    fields["name"]["dipkg:property"] = "rdfz:label"
    fields["wikidata"]["dipkg:value"] = "qid"
    fields["m49_code"]["dipkg:precisionProperty"] = "dk:datePrecision"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    done = CliRunner().invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    n = descriptor["resources"].index(states) + 1
    assert [line.strip() for line in done.output.splitlines()[1:5]] == [
        f"{path}: resource {n} (states): 'State Of' is not a usable kind of instance: use lowercase letters, digits "
        "and '-' (e.g. cultural-institute)",
        f"{path}: resource {n} (states): field \"name\": \"dipkg:property\" 'rdfz:label' is not a prefixed name "
        "(dk:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, dcterms:, dc:, org:, foaf:, qb:, time:, sh:, wd:) nor an "
        "http(s) IRI",
        f"{path}: resource {n} (states): field \"m49_code\": \"dipkg:precisionProperty\" needs "
        "\"dipkg:partialDate\": true",
        f"{path}: resource {n} (states): field \"wikidata\": \"dipkg:value\" 'qid' is not one of iri, wikidata, "
        "wikidata-property, a map of cells to terms, or a node ({\"kind\": ...})",
    ]
