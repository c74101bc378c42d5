"""Shared pieces of the CLI: the database option, the consoles, turning errors into exit codes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import structlog
import typer
from rich.console import Console
from sqlalchemy import Engine

from commonlist.exc import CommonListError
from commonlist.registry.db import database_url, get_engine, is_current
from commonlist.settings import get_settings

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Registry database: a SQLite file path or a SQLAlchemy URL. "
        "Default: COMMONLIST_DATABASE_URL, else ./commonlist.db.",
        show_default=False,
    ),
]


class _Stderr:
    """Whatever ``sys.stderr`` is at the time of writing (test runners swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(verbose: bool = False) -> None:
    """Log to standard error: warnings only, or progress details with ``--verbose``."""
    level = logging.INFO if verbose else logging.WARNING
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_Stderr()),  # type: ignore[arg-type]
    )


def engine_for(db: str | None, *, require_schema: bool = True) -> Engine:
    """The engine for ``--db`` or the configured URL; checks the schema is up to date."""
    url = database_url(db) if db else database_url(get_settings().database_url)
    engine = get_engine(url)
    if require_schema and not is_current(engine):
        err_console.print(
            f"[red]error:[/red] the registry at {engine.url.render_as_string(hide_password=True)} "
            "is not initialised or not up to date; run [bold]commonlist init[/bold] first"
        )
        raise typer.Exit(1)
    return engine


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a domain error as one clear line and exit non-zero."""
    try:
        yield
    except CommonListError as exc:
        err_console.print(f"[red]error:[/red] {exc.detail}", highlight=False, markup=True)
        raise typer.Exit(1) from exc


def actor() -> str:
    return get_settings().actor
