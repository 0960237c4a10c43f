"""``dipkg site``: the workbench written out as static files, to publish beside a paper.

The same pages as ``dipkg serve`` (:mod:`kg.web.pages`), with every link made relative:

- ``index.html``: what the graph holds and the research questions;
- ``questions/NAME/index.html``: each named question with its default answer, and beside it
  ``questions/NAME.csv``, ``.json``, ``.xlsx`` (with ``dipkg[xlsx]``) and ``.svg`` (its figure,
  with ``dipkg[plot]``);
- ``id/KIND/KEY/index.html`` for every resource, with ``id/KIND/KEY.ttl`` and ``.jsonld``;
- ``static/``: the style sheet.

A static site cannot run SPARQL or answer other parameters: the forms show their defaults without
a button, and there is no editor. The site is written into a new folder beside ``output`` and
swapped in at the end, so an interrupted run leaves the previous site whole.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kg.errors import DipkgError
from kg.values import Progress
from kg.web import pages
from kg.web.app import STATIC
from kg.web.cells import page
from kg.web.engine import InProcess
from kg.web.workbench import Workbench

#: The file that marks a folder as a site ``dipkg site`` wrote (and may replace).
MARKER = ".dipkg-site"


@dataclass(frozen=True)
class Written:
    pages: int
    files: int
    failed: tuple[str, ...]   # questions whose default answer could not be given (the network, ...)


def target(path: str) -> str | None:
    """The file answering a workbench path, or ``None`` where a static site has none."""
    if "?" in path:
        return None
    if path == "/":
        return "index.html"
    if path.startswith("/static/"):
        return path[1:]
    for prefix in ("/questions/", "/id/"):
        if path.startswith(prefix):
            rest = path[len(prefix):]
            if prefix == "/questions/" and "." in rest:
                return path[1:]
            if prefix == "/id/" and rest.endswith((".ttl", ".jsonld")):
                return path[1:]
            return f"{path[1:]}/index.html"
    return None


def linker(page: str) -> pages.Href:
    """``href`` for the page written at ``page`` (a path in the site): links relative to it; "" for a
    path no file answers. ``%`` in a file name is written ``%25``, so a web server finds the file."""
    here = os.path.dirname(page) or "."

    def href(path: str) -> str:
        found = target(path)
        if found is None:
            return ""
        return quote(os.path.relpath(found, here), safe="/.-_~")
    return href


def write(store: Path, output: Path, progress: Progress | None = None) -> Written:
    """Write the site of the graph at ``store`` into ``output``."""
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise DipkgError(f"{output} is not empty and not a site dipkg wrote; give a new or empty folder "
                         f"(dipkg replaces only a folder holding its {MARKER} file)")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f".{output.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    engine = InProcess(store)
    try:
        written = _write(Workbench(engine, store, services=()), staging, progress)
        (staging / MARKER).write_text("written by dipkg site; dipkg site may replace this folder\n", encoding="utf-8")
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        if output.exists():
            output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
        return written
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        engine.close()


def _write(bench: Workbench, root: Path, progress: Progress | None) -> Written:
    count = {"pages": 0, "files": 0}

    def put(path: str, content: str | bytes) -> None:
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            file.write_text(content, encoding="utf-8")
            count["pages"] += 1
        else:
            file.write_bytes(content)
            count["files"] += 1

    shutil.copytree(STATIC, root / "static", ignore=shutil.ignore_patterns("editor.js", "vendor"))
    put("index.html", pages.home(bench, linker("index.html")))
    failed = []
    questions = bench.questions()
    for n, (name, query) in enumerate(questions.items()):
        if progress:
            progress("named questions", n, len(questions))
        at = f"questions/{name}/index.html"
        try:
            put(at, pages.question(bench, query, {}, href=linker(at)))
        except DipkgError as exc:
            failed.append(name)
            put(at, pages.question(bench, query, {}, problem=f"{exc} (run it with `dipkg query {name}`)",
                                   href=linker(at)))
            continue
        for fmt in ("csv", "json", *(["xlsx"] if pages.can_xlsx() else [])):
            put(f"questions/{name}.{fmt}", pages.download(bench, query, {}, fmt))
        if pages.has_figure(name):
            put(f"questions/{name}.svg", pages.figure(bench, query, {}, "svg"))
    if progress:
        progress("named questions", len(questions), len(questions))
    resources = [row[0] for row in bench.system("site-entities").rows]
    for n, iri in enumerate(resources):
        if progress and n % 50 == 0:
            progress("entity pages", n, len(resources))
        path = page(iri)[1:]   # id/KIND/KEY
        put(f"{path}/index.html", pages.entity(bench, iri, linker(f"{path}/index.html"))[0])
        for suffix, media in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json")):
            put(path + suffix, bench.describe(iri, media)[1])
    if progress:
        progress("entity pages", len(resources), len(resources))
    return Written(count["pages"], count["files"], tuple(failed))

