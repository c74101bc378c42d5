"""The ``commonlist`` command and its groups; each group lives in its own module."""

from __future__ import annotations

from typing import Annotated

import typer

from commonlist.cli import access as access_cmds
from commonlist.cli import audit as audit_cmds
from commonlist.cli import governance as governance_cmds
from commonlist.cli import pairs
from commonlist.cli import registry as registry_cmds
from commonlist.cli import release as release_cmds
from commonlist.cli import resolve as resolve_cmds
from commonlist.cli import screen as screen_cmds
from commonlist.cli.common import configure_logging
from commonlist.cli.demo import demo

app = typer.Typer(
    name="commonlist",
    help="commonlist: the common list of designated terrorist persons and organisations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _setup(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
) -> None:
    configure_logging(verbose)


registry_cmds.register(app)
resolve_cmds.register(app)
app.command("demo")(demo)
app.command("screen")(screen_cmds.screen)
app.command("screen-file")(screen_cmds.screen_file)
app.command("serve")(screen_cmds.serve)
access_cmds.register(app)
governance_cmds.register(app)
release_cmds.register(app)
audit_cmds.register(app)
app.add_typer(pairs.app, name="pairs")


def main() -> None:
    app()
