"""The versions a result depends on: the package, its ontology and its curated data."""

from __future__ import annotations

import json
from pathlib import Path

from kg import __version__
from kg.paths import DATA_DIR
from kg.prefixes import ONTOLOGY_IRI, PREFIXES


def ontology_version() -> str:
    """The ontology's ``owl:versionInfo``."""
    from kg.vocab import statements

    found = statements()[ONTOLOGY_IRI].get(PREFIXES["owl"] + "versionInfo", ["unknown"])
    return found[0]


def data_version(data_dir: Path = DATA_DIR) -> str:
    """The curated data package's ``version`` (``datapackage.json``)."""
    try:
        return str(json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def versions() -> dict[str, str]:
    """``{"dipkg": ..., "ontology": ..., "data": ...}``."""
    return {"dipkg": __version__, "ontology": ontology_version(), "data": data_version()}
