"""dipkg: a knowledge graph of international recognition and diplomatic presence.

>>> from kg import KnowledgeGraph
>>> graph = KnowledgeGraph.build()            # from data/, in memory
>>> graph.query("recognition-timeline", viewpoint="serbia")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.4.0"
__all__ = ["KnowledgeGraph", "errors", "__version__"]

if TYPE_CHECKING:
    from kg import errors
    from kg.graph import KnowledgeGraph


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import kg.queries` (and the command line) does not pay for
    # pandas, rdflib and the build when it needs none of them.
    if name == "KnowledgeGraph":
        from kg.graph import KnowledgeGraph

        return KnowledgeGraph
    if name == "errors":
        import kg.errors

        return kg.errors
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
