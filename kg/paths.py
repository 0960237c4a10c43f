"""Where dipkg finds its ontology, queries and data, and where it writes.

The ontology, the queries and the curated data are package resources, found through
:mod:`importlib.resources`:

- in an installed wheel or sdist they sit inside the package, under ``kg/_share/`` (the build maps
  the checkout's top-level ``ontology/``, ``queries/`` and ``data/`` there: ``force-include`` in
  ``pyproject.toml``);
- in a source checkout (or an editable install of it) they are the top-level folders themselves,
  where they are edited.

``DIPKG_HOME`` overrides that root (a folder holding ``ontology/``, ``queries/`` and ``data/``).

Nothing is written beside the resources: the store defaults to ``.dipkg/store`` in the working
directory (``DIPKG_STORE``, ``--store``); the Wikidata cache to the checkout's
``wikidata-cache/`` (which the project commits) or, for an installed package, to the user's cache
directory (``DIPKG_WIKIDATA_CACHE``, ``--cache``); generated docs to ``docs/`` in the working
directory (``--out``).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from kg.prefixes import WIKIDATA_SPARQL

#: The folder inside the package that the wheel's resources are mapped to.
PACKAGED = "_share"


def _package_dir() -> Path:
    # A wheel is installed unpacked, so the package's resources are plain files on disk.
    return Path(str(files("kg")))


def _checkout() -> Path | None:
    """The source checkout the package runs from, if it does (not an installed wheel)."""
    package = _package_dir()
    if (package / PACKAGED).is_dir():
        return None
    root = package.parent
    return root if (root / "pyproject.toml").is_file() and (root / "ontology").is_dir() else None


CHECKOUT: Path | None = _checkout()
_ROOT = Path(os.environ["DIPKG_HOME"]) if os.environ.get("DIPKG_HOME") else (
    CHECKOUT if CHECKOUT is not None else _package_dir() / PACKAGED)

#: The folder holding ``ontology/``, ``queries/`` and ``data/``.
ROOT: Path = _ROOT
ONTOLOGY_DIR: Path = _ROOT / "ontology"
ONTOLOGY_FILE: Path = ONTOLOGY_DIR / "dipkg.ttl"
SHAPES_FILE: Path = ONTOLOGY_DIR / "shapes.ttl"
VOCAB_DIR: Path = ONTOLOGY_DIR / "vocab"
QUERIES_DIR: Path = _ROOT / "queries"
CHECKS_DIR: Path = QUERIES_DIR / "checks"
SYSTEM_QUERIES_DIR: Path = QUERIES_DIR / "system"
DATA_DIR: Path = _ROOT / "data"

#: The default on-disk store, relative to the working directory (``--store`` overrides it).
DEFAULT_STORE: Path = Path(os.environ.get("DIPKG_STORE", ".dipkg/store"))

#: Generated docs, relative to the working directory (``dipkg docs --out`` overrides it).
DEFAULT_DOCS: Path = Path("docs")

#: The SPARQL endpoint of Wikidata (or a mirror), for `dipkg link` and `dipkg compare`.
WIKIDATA_ENDPOINT: str = os.environ.get("DIPKG_WIKIDATA_ENDPOINT", WIKIDATA_SPARQL)


def wikidata_cache() -> Path:
    """Where answers of Wikidata are cached: ``DIPKG_WIKIDATA_CACHE``, else the checkout's
    committed ``wikidata-cache/``, else the user's cache directory."""
    if os.environ.get("DIPKG_WIKIDATA_CACHE"):
        return Path(os.environ["DIPKG_WIKIDATA_CACHE"])
    if CHECKOUT is not None:
        return CHECKOUT / "wikidata-cache"
    from platformdirs import user_cache_path

    return user_cache_path("dipkg") / "wikidata"


#: The default of ``--cache`` (see :func:`wikidata_cache`).
WIKIDATA_CACHE: Path = wikidata_cache()


def ontology_files() -> list[Path]:
    """The ontology and its SKOS vocabularies, in a stable order."""
    return [ONTOLOGY_FILE, *sorted(VOCAB_DIR.glob("*.ttl"))]
