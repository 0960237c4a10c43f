"""dipkg as a user installs it: the wheel, in a new virtual environment, run from an empty folder.

Offline: the wheel is built without build isolation (hatchling comes with the test extra) and
with every proxy pointing at a closed port, so the build hook (hatch_build.py) cannot fetch the
editor's files from npm and must build without them if the checkout has none; it is installed
without dependencies into a venv that sees the test environment's packages through a
.pth file (not its editable install of this checkout: a path in a .pth file does not run the
.pth files found there).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from kg import __version__
from kg.paths import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")


def _run(args: list[str], cwd: Path, check: bool = True,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=600, env=env)
    if check:
        assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.servers import free_port

    out = tmp_path_factory.mktemp("dist")
    closed = f"http://127.0.0.1:{free_port()}"
    offline = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_PROXY": "", "no_proxy": "",
               **{name: closed for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")}}
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out),
          str(ROOT)], cwd=out, env=offline)
    [built] = out.glob("dipkg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "v"
    venv.create(env, with_pip=False)
    site = Path(_run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=env).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--quiet", "--no-deps",
          str(wheel)], cwd=env)
    return env


def test_the_wheel_carries_the_ontology_queries_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("ontology/dipkg.ttl", "ontology/shapes.ttl", "ontology/vocab/viewpoint.ttl",
                 "queries/recognition-timeline.rq", "queries/checks/side-without-source-violation.rq",
                 "queries/derive/standings.rq", "queries/system/identifiers.rq", "queries/wikidata",
                 "data/datapackage.json", "data/recognitions.csv", "data/sources.csv"):
        assert any(n.startswith(f"kg/_share/{part}") for n in names), part
    shipped = {p.relative_to(ROOT).as_posix() for d in ("ontology", "queries", "data")
               for p in (ROOT / d).rglob("*") if p.is_file()}
    assert {n.removeprefix("kg/_share/") for n in names if n.startswith("kg/_share/")} == shipped


def test_installed_dipkg_works_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    dipkg, python = str(installed / "bin" / "dipkg"), str(installed / "bin" / "python")
    site = Path(_run([python, "-c", "import kg; print(kg.__file__)"], cwd=tmp_path).stdout.strip()).parent
    assert site.is_relative_to(installed) and not site.is_relative_to(ROOT)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    assert _run([dipkg, "--version"], cwd=tmp_path).stdout == f"dipkg {__version__} (ontology 0.4.0, data 0.2.0)\n"
    built = _run([dipkg, "build"], cwd=tmp_path).stdout
    assert built.startswith(f"built .dipkg/store from {site / '_share' / 'data'}")
    assert (tmp_path / ".dipkg" / "store").is_dir()
    listing = _run([dipkg, "queries"], cwd=tmp_path).stdout
    assert "recognition-timeline\n  Recognition timeline\n" in listing and "recognition-claims\n" in listing
    timeline = _run([dipkg, "query", "recognition-timeline", "--format", "csv", "--as-of", "2009-12-31"],
                    cwd=tmp_path).stdout.splitlines()
    assert timeline == ["year,recognitions,withdrawals,cumulative", "2008,54,0,54", "2009,12,0,66"]
    api = _run([python, "-c", "import json, pandas as pd\nfrom kg import KnowledgeGraph\n"
                "with KnowledgeGraph.open() as g:\n"
                "    a = g.query('recognisers-as-of', as_of=pd.Timestamp('2012-12-31'))\n"
                "    b = g.query('recognisers-as-of', as_of='2012-12-31')\n"
                "    print(json.dumps([len(a), a.equals(b), sorted(g.queries())[:2]]))"], cwd=tmp_path).stdout
    assert json.loads(api) == [100, True, ["accounts-in-office", "applications"]]   # test_queries checks the 100
    # nothing was written beside the package: the store is in the working folder
    assert sorted(p.relative_to(site) for p in site.rglob("*") if "__pycache__" not in p.parts) == \
        [p for p in before if "__pycache__" not in p.parts]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dipkg"]


def test_installed_dipkg_reads_a_data_folder_given_to_it(installed: Path, tmp_path: Path) -> None:
    done = _run([str(installed / "bin" / "dipkg"), "validate", "--data", str(tmp_path)], cwd=tmp_path, check=False)
    assert done.returncode == 2 and f"no datapackage.json in {tmp_path}" in done.stderr
    assert "Traceback" not in done.stderr
    done = _run([str(installed / "bin" / "dipkg"), "validate", "--data", str(ROOT / "data")], cwd=tmp_path)
    assert done.stdout.startswith(f"{ROOT / 'data'} is valid: ")


def test_the_wheel_carries_the_workbench(wheel: Path) -> None:
    from kg.web import vendor

    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("kg/web/templates/home.html", "kg/web/templates/question.html", "kg/web/static/dipkg.css",
                 "kg/web/static/editor.js", "kg/_share/queries/research-questions.yaml"):
        assert part in names, part
    # YASGUI goes in when `make install` fetched it (git ignores it), and nothing else from its folder
    vendored = {n for n in names if n.startswith("kg/web/static/vendor/")}
    declared = {f"kg/web/static/vendor/yasgui/{name}" for name in vendor.YASGUI.files.values()}
    assert declared <= vendored if vendor.available() else not vendored
    assert vendored <= declared | {"kg/web/static/vendor/yasgui/VERSION"}


def test_installed_dipkg_serves_the_workbench(installed: Path, tmp_path: Path) -> None:
    from tests.servers import free_port, wait_until_up

    _run([str(installed / "bin" / "dipkg"), "build"], cwd=tmp_path)
    port = free_port()
    server = subprocess.Popen([str(installed / "bin" / "dipkg"), "serve", "--bind", f"127.0.0.1:{port}"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", server, seconds=30)
        home = urllib.request.urlopen(f"{base}/", timeout=30).read().decode()
        assert "<h3>Recognition and legitimacy</h3>" in home
        page = urllib.request.urlopen(f"{base}/questions/recognition-timeline?as_of=2009-12-31", timeout=30).read()
        assert b'<span class="count">2 rows</span>' in page
        assert urllib.request.urlopen(f"{base}/static/dipkg.css", timeout=30).status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0, server.stderr.read()  # type: ignore[union-attr]
