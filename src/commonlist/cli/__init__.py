"""Command-line interface: a thin edge over the domain packages."""

from commonlist.cli.main import app, main

__all__ = ["app", "main"]
