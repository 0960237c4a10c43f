"""The optional parts of dipkg, installed as extras: ``pip install 'dipkg[plot]'`` and so on.

The core (build, validate, query, export, serve, import) needs none of them. A command that
needs one imports it through :func:`require`, which says which extra to install when it is missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from kg.errors import MissingExtraError

#: extra -> (the modules it provides, what needs it)
EXTRAS = {
    "reason": (("owlready2", "reasonable"), "`dipkg reason`"),
    "docs": (("pylode",), "`dipkg docs`"),
    "plot": (("matplotlib",), "`dipkg plot`"),
    "xlsx": (("openpyxl",), "writing .xlsx answers"),
}


def require(module: str) -> ModuleType:
    """Import ``module`` from an extra, or raise :class:`MissingExtraError` naming the extra."""
    extra, purpose = next((name, why) for name, (modules, why) in EXTRAS.items() if module.split(".")[0] in modules)
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(f"{purpose} needs {module.split('.')[0]}, which is not installed: "
                                f"pip install 'dipkg[{extra}]' (or 'dipkg[all]')") from exc
