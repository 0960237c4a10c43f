"""Where dipkg finds its ontology, queries and data, and where it keeps its store.

Resources are found beside the ``kg`` package (a source checkout or an editable install).
``DIPKG_HOME`` overrides that root, e.g. for an installed wheel next to a copy of the
project's ``ontology/`` and ``queries/``.
"""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(os.environ.get("DIPKG_HOME", Path(__file__).resolve().parent.parent))

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


def ontology_files() -> list[Path]:
    """The ontology and its SKOS vocabularies, in a stable order."""
    return [ONTOLOGY_FILE, *sorted(VOCAB_DIR.glob("*.ttl"))]
