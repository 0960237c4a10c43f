"""`dipkg site`: the workbench as static files, every link relative and answered by a file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli import app
from kg.web.site import MARKER, linker, target


@pytest.fixture(scope="module")
def site(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    output = tmp_path_factory.mktemp("site") / "site"
    done = CliRunner().invoke(app, ["site", "-o", str(output), "--store", str(store_path)])
    assert done.exit_code == 0, done.output
    yield output, done.output


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_the_cli_says_what_it_wrote(site: tuple[Path, str]) -> None:
    output, printed = site
    lines = printed.splitlines()
    pages = sum(1 for _ in output.rglob("*.html"))
    downloads = [p for p in output.rglob("*") if p.is_file() and p.suffix != ".html"
                 and "static" not in p.relative_to(output).parts and p.name != MARKER]
    assert {p.suffix for p in downloads} == {".csv", ".json", ".xlsx", ".svg", ".ttl", ".jsonld"}
    assert lines[0] == f"wrote {pages} pages and {len(downloads)} files to {output}"
    assert lines[1:3] == ["  bloc-members-wikidata: no default answer without the network (its page says so)",
                          "  recognisers-population: no default answer without the network (its page says so)"]
    assert lines[3] == f"open {output / 'index.html'}, or serve it: python -m http.server -d {output}"
    assert (output / MARKER).is_file()


def test_every_relative_link_of_every_page_is_a_written_file(site: tuple[Path, str]) -> None:
    output, _ = site
    checked = 0
    for page in output.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith(("http://", "https://", "mailto:")):
                continue
            assert not link.startswith("/"), f"{page}: {link} is not relative"
            assert (page.parent / unquote(link)).is_file(), f"{page.relative_to(output)}: {link}"
            checked += 1
    assert checked > 20000


def test_the_home_page_and_bloc_recognition(site: tuple[Path, str], store_path: Path) -> None:
    output, _ = site
    home = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="questions/bloc-recognition/index.html">Recognition inside a bloc</a>' in home
    assert 'href="static/dipkg.css"' in home and "/editor" not in home
    page = (output / "questions" / "bloc-recognition" / "index.html").read_text(encoding="utf-8")
    assert page.count('<td><a href="../../id/state/') == 27
    assert '<a href="../../id/state/FRA/index.html" title="France">FRA</a>' in page
    assert '<button type="submit">' not in page
    expected = KnowledgeGraph.open(store_path).answer("bloc-recognition")
    written = list(csv.reader(io.StringIO((output / "questions" / "bloc-recognition.csv").read_text(encoding="utf-8"))))
    assert written[0] == expected.columns and len(written) == 28
    assert sorted(r[1] for r in written[1:] if r[4] == "False") == ["Cyprus", "Greece", "Romania", "Slovakia", "Spain"]
    assert len(json.loads((output / "questions" / "bloc-recognition.json").read_text(encoding="utf-8"))) == 27
    assert (output / "questions" / "recognition-timeline.svg").read_bytes().find(b"<svg") >= 0


def test_entity_pages_and_their_rdf(site: tuple[Path, str]) -> None:
    output, _ = site
    france = (output / "id" / "state" / "FRA" / "index.html").read_text(encoding="utf-8")
    assert "<h1>France</h1>" in france
    assert '<a href="../../recognition/FRA-XKX/index.html">Recognition of Kosovo by France, 2008-02-18</a>' in france
    turtle = (output / "id" / "recognition" / "FRA-XKX.ttl").read_text(encoding="utf-8")
    assert 'recognition:FRA-XKX a dk:Recognition' in turtle
    assert (output / "id" / "recognition-standing" / "FRA-XKX.kosovo" / "index.html").is_file()


def test_links_are_relative_and_escape_percent() -> None:
    assert target("/") == "index.html" and target("/editor") is None and target("/resource?iri=x") is None
    assert target("/id/source/a%20b") == "id/source/a%20b/index.html"
    href = linker("id/state/FRA/index.html")
    assert href("/id/source/a%20b") == "../../source/a%2520b/index.html"
    assert href("/static/dipkg.css") == "../../../static/dipkg.css"
    assert href("/questions/x.csv?as_of=2020-01-01") == ""


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path, store_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("\\documentclass{article}", encoding="utf-8")
    done = CliRunner().invoke(app, ["site", "-o", str(tmp_path), "--store", str(store_path)])
    assert done.exit_code == 2
    assert (f"{tmp_path} is not empty and not a site dipkg wrote; give a new or empty folder (dipkg replaces only "
            f"a folder holding its {MARKER} file)") in done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]
