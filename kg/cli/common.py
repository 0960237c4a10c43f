"""What every command shares: typed errors mapped to exit codes (in one place), the progress bar,
the common options and ``--param`` parsing."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from kg import iris
from kg.errors import DipkgError, InvalidDataError, visible
from kg.notices import listeners as notice_listeners
from kg.paths import DATA_DIR, DEFAULT_STORE

err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)
# what the store tells while waiting for another writer or recovering from a crash (kg.notices)
notice_listeners.append(lambda message: err.print(f"note: {message}", highlight=False))
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

StoreOpt = Annotated[Path, typer.Option("--store", help="Store directory.", show_default=True)]
DataOpt = Annotated[Path, typer.Option("--data", help="Directory with datapackage.json and the CSV files.")]
UserOpt = Annotated[str | None, typer.Option("--user", help="User for the remote endpoint (or env DIPKG_REMOTE_USER).")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="Password (or env DIPKG_REMOTE_PASSWORD); "
                                                 "never printed.")]
ParamOpt = Annotated[list[str] | None, typer.Option("--param", "-p", help="KEY=VALUE, repeatable.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Shorthand for --param as_of=YYYY-MM-DD.")]

__all__ = ["DATA_DIR", "DEBUG", "DEFAULT_STORE", "INTERNAL", "AsOfOpt", "DataOpt", "ParamOpt", "PasswordOpt",
           "StoreOpt", "UserOpt", "err", "handled", "params_of", "progress_bar", "write_text"]


#: Set by ``dipkg --debug``: an unexpected error shows its traceback instead of the one-line report.
DEBUG = {"on": False}
#: The exit code of an unexpected error (a bug in dipkg).
INTERNAL = 3


def handled(func: F) -> F:
    """Turn dipkg's typed errors into a message on stderr and the documented exit code: 1 for
    invalid data, 2 for everything else (an operating-system error such as a full disk too); an
    interrupted command exits 130; anything unexpected is an internal error, exit 3, with its
    traceback only under ``dipkg --debug``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidDataError as exc:
            err.print(f"[bold red]invalid:[/] {escape(str(exc))}", markup=True, highlight=False)
            err.print("Fix the rows above and run the command again; the previous store is unchanged.")
            raise typer.Exit(exc.exit_code) from None
        except DipkgError as exc:
            err.print(f"[bold red]error:[/] {escape(visible(str(exc)))}", markup=True, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except OSError as exc:
            if DEBUG["on"]:
                raise
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            err.print(f"[bold red]error:[/] {escape(exc.strerror or str(exc))}{escape(where)}", markup=True,
                      highlight=False)
            raise typer.Exit(2) from None
        except Exception as exc:
            if DEBUG["on"]:
                raise
            err.print(f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))}\n"
                      "This is a bug in dipkg: please report it with the command you ran "
                      "(run it again as `dipkg --debug ...` to see where it happened).", markup=True, highlight=False)
            raise typer.Exit(INTERNAL) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr, fed by the library's ``progress(step, done, total)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, Any] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def params_of(pairs: list[str] | None, as_of: str | None = None) -> dict[str, str]:
    """``--param KEY=VALUE`` pairs (and ``--as-of``) as a dict."""
    params = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise DipkgError(f"--param {pair!r} is not KEY=VALUE (e.g. --param viewpoint=serbia)")
        key, value = pair.split("=", 1)
        params[key.strip()] = value.strip()
    if as_of is not None:
        params["as_of"] = as_of
    return params


def graph_column(graphs: Iterable[str]) -> int:
    """The width of a column of graph IRIs: 50, or the longest (a recognition tally's graph is
    named by the tally's IRI, longer than a table's)."""
    return max([50, *(len(graph) for graph in graphs)])


#: The kinds of derived resource with a graph of their own for each state, shown on one line.
_FOLDED: tuple[iris.Kind, ...] = ("reach",)


def folded(rows: Iterable[T], graph: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """``rows`` (one per graph) as a listing shows them: a line for each graph, but one for all
    the graphs of a kind the build writes one of for each state (the reaches, kg/derive.py:
    ``https://w3id.org/dipkg/id/reach/… (198 graphs)``), at the place of the first."""
    lines: list[tuple[str, list[T]]] = []
    kinds: dict[iris.Kind, list[T]] = {}
    for row in rows:
        kind = next((k for k in _FOLDED if iris.of_kind(graph(row), k)), None)
        if kind is None:
            lines.append((graph(row), [row]))
        elif kind in kinds:
            kinds[kind].append(row)
        else:
            kinds[kind] = [row]
            lines.append((kind, kinds[kind]))
    return [(f"{iris.base(name)}… ({len(group)} graphs)" if name in kinds and len(group) > 1
             else graph(group[0]), group) for name, group in lines]


def write_text(text: str, output: Path | None, what: str) -> None:
    """Print ``text``, or write it to ``output`` (creating its folder) and say so on stderr."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DipkgError(f"cannot write {output}: {exc.strerror or exc}") from None
    err.print(f"wrote {what} to {output}")


def terminal_width() -> int | None:
    """The terminal's width, or None when stdout is not a terminal (a pipe, a file)."""
    if not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size().columns
    except OSError:
        return None
