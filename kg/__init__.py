"""dipkg: a knowledge graph of international recognition and diplomatic presence.

>>> from kg import KnowledgeGraph
>>> graph = KnowledgeGraph.build()            # from data/, in memory
>>> graph.query("recognition-timeline", viewpoint="serbia")
"""

from kg import errors
from kg.graph import KnowledgeGraph

__version__ = "0.3.0"
__all__ = ["KnowledgeGraph", "errors", "__version__"]
