"""The ``commonlist`` command and its groups; each group lives in its own module."""

from __future__ import annotations

import typer

from commonlist.cli import pairs
from commonlist.cli import registry as registry_cmds
from commonlist.cli import resolve as resolve_cmds
from commonlist.cli.demo import demo

app = typer.Typer(
    name="commonlist",
    help="commonlist: the common list of designated terrorist persons and organisations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
registry_cmds.register(app)
resolve_cmds.register(app)
app.command("demo")(demo)
app.add_typer(pairs.app, name="pairs")


def main() -> None:
    app()
