"""The versions a result depends on: the package, its ontology and its curated data."""

from __future__ import annotations

import json
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

from kg import __version__
from kg.paths import DATA_DIR, ONTOLOGY_FILE
from kg.prefixes import ONTOLOGY_IRI, PREFIXES


def ontology_version(path: Path = ONTOLOGY_FILE) -> str:
    """The ontology's ``owl:versionInfo``."""
    subject, predicate = NamedNode(ONTOLOGY_IRI), NamedNode(PREFIXES["owl"] + "versionInfo")
    with path.open("rb") as fh:
        found = [t.object.value for t in parse(fh, format=RdfFormat.TURTLE)
                 if t.subject == subject and t.predicate == predicate]
    return found[0] if found else "unknown"


def data_version(data_dir: Path = DATA_DIR) -> str:
    """The curated data package's ``version`` (``datapackage.json``)."""
    try:
        return str(json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def versions() -> dict[str, str]:
    """``{"dipkg": ..., "ontology": ..., "data": ...}``."""
    return {"dipkg": __version__, "ontology": ontology_version(), "data": data_version()}
