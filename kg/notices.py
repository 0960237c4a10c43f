"""What the library tells while it works, for whoever listens (the CLI prints it on stderr): a
writer waiting for another, a recovery from a crash. Kept apart, with no imports, so that the CLI
can listen without loading the store's engine."""

from __future__ import annotations

from collections.abc import Callable

#: Called with each notice.
listeners: list[Callable[[str], None]] = []


def tell(message: str) -> None:
    for listener in listeners:
        listener(message)
