"""Release commands: create, list, diff, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table
from sqlalchemy import Engine

from commonlist.access.roles import Principal
from commonlist.cli.access import AsOption, TokenOption, acting
from commonlist.cli.common import (
    DbOption,
    actor,
    console,
    engine_for,
    err_console,
    user_errors,
)
from commonlist.exc import InvalidInput
from commonlist.policy import actions
from commonlist.policy.store import policy_versions
from commonlist.registry.db import transaction
from commonlist.releases.actions import Published, create_release, signing_key_path
from commonlist.releases.delta import diff
from commonlist.releases.signing import load_public_key, public_key_path, verify_folder
from commonlist.releases.store import list_releases, release_entries
from commonlist.settings import get_settings

release_app = typer.Typer(
    help="Numbered, signed releases of the common list.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(release_app, name="release")


def print_published(published: Published) -> None:
    r = published.release
    if not published.created:
        console.print(f"[bold]release {r.number}[/bold] is current: nothing changed since")
        console.print(f"files in {published.folder}", highlight=False)
        return
    console.print(
        f"[bold]release {r.number}[/bold]: {r.entries:,} listed entries "
        f"(+{published.added:,} −{published.removed:,} ~{published.amended:,} since the last)"
    )
    console.print(f"files in {published.folder.resolve()}", highlight=False)


def default_policy_file() -> Path:
    """The configured policy file, else the example at the root of the source checkout."""
    configured = get_settings().policy_file
    if configured.is_file():
        return configured
    return Path(__file__).resolve().parents[3] / "policy.toml"


def demo_release(engine: Engine) -> Published:
    """The demo's last step: apply the policy file once, then release if anything changed."""
    principal = Principal.system(actor())
    with user_errors():
        with transaction(engine) as session:
            applied = bool(policy_versions(session))
        if not applied:
            path = default_policy_file()
            actions.apply_policy(
                engine, principal, path.read_text(encoding="utf-8"), source=path.name
            )
            console.print(f"policy {path} applied")
        return create_release(engine, principal, if_changed=True)


@release_app.command("create")
def release_create(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Parent folder of release folders (default: data dir/releases)."
        ),
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Evaluate the policy, then freeze the listed entries into the next numbered release."""
    with acting(db, as_user, token) as (engine, principal):
        published = create_release(engine, principal, out=out)
    print_published(published)


@release_app.command("list")
def release_list(db: DbOption = None) -> None:
    """Releases with their date, size and content digest."""
    engine = engine_for(db)
    with transaction(engine) as session:
        releases = list_releases(session)
    table = Table("release", "created", "by", "entries", "rule", "sha256")
    for r in releases:
        table.add_row(
            str(r.number),
            r.created_at.isoformat(timespec="seconds"),
            r.created_by,
            f"{r.entries:,}",
            str(r.policy.get("rule", "")),
            r.content_sha256[:16] + "…",
        )
    console.print(table)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return text if len(text) <= 80 else text[:77] + "…"


@release_app.command("diff")
def release_diff(
    a: Annotated[int, typer.Argument(help="Older release number.")],
    b: Annotated[int, typer.Argument(help="Newer release number.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Entries added, removed and amended from release A to B, with field-level changes."""
    engine = engine_for(db)
    with user_errors(), transaction(engine) as session:
        old, new = release_entries(session, a), release_entries(session, b)
    result = diff(old, new)
    if as_json:
        data = {
            "added": list(result.added),
            "removed": list(result.removed),
            "amended": {
                k: [{"field": c.path, "old": c.old, "new": c.new} for c in v]
                for k, v in result.amended.items()
            },
        }
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    console.print(
        f"release {a} → {b}: {len(result.added)} added, {len(result.removed)} removed, "
        f"{len(result.amended)} amended"
    )
    for entry_id in result.added:
        console.print(f"[green]+ {entry_id}[/green] {new[entry_id]['caption']}", highlight=False)
    for entry_id in result.removed:
        console.print(f"[red]− {entry_id}[/red] {old[entry_id]['caption']}", highlight=False)
    for entry_id, changes in result.amended.items():
        console.print(f"[yellow]~ {entry_id}[/yellow] {new[entry_id]['caption']}", highlight=False)
        for c in changes:
            if c.added or c.removed:
                parts = [f"+{_short(v)}" for v in c.added] + [f"−{_short(v)}" for v in c.removed]
                console.print(f"    {c.path}: {', '.join(parts)}", highlight=False, markup=False)
            else:
                console.print(
                    f"    {c.path}: {_short(c.old)} → {_short(c.new)}",
                    highlight=False,
                    markup=False,
                )


@release_app.command("verify")
def release_verify(
    folder: Annotated[Path, typer.Argument(help="A release folder, e.g. var/releases/0001.")],
    key: Annotated[
        Path | None,
        typer.Option("--key", help="Trusted public key (default: the deployment's signing key)."),
    ] = None,
) -> None:
    """Check a release folder's signature and every file's SHA-256; exit 1 on any problem."""
    with user_errors():
        path = key or public_key_path(signing_key_path())
        if not path.is_file():
            raise InvalidInput(f"no public key at {path}; give the trusted key with --key")
        check = verify_folder(folder, load_public_key(path.read_bytes()))
    if not check.ok:
        for problem in check.problems:
            err_console.print(f"[red]bad:[/red] {problem}", highlight=False)
        raise typer.Exit(1)
    console.print(f"release folder {folder} verified: signature and {check.files} files intact")
