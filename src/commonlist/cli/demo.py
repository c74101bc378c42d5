"""``commonlist demo``: the main job on the bundled public lists, on the embedded default."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from commonlist.cli.common import actor, console, engine_for
from commonlist.cli.registry import print_import, run_import
from commonlist.cli.release import demo_release, print_published
from commonlist.cli.resolve import print_summary, run_resolve
from commonlist.cli.screen import run_server
from commonlist.registry.db import migrate, transaction
from commonlist.registry.imports import file_digest
from commonlist.registry.members import add_member, list_members
from commonlist.registry.records import stats
from commonlist.registry.tables import ImportBatchRow


@dataclass(frozen=True, slots=True)
class DemoList:
    member: str
    name_en: str
    name_ru: str
    path: str  # relative to the data folder
    format: str


DEMO_LISTS = (
    DemoList(
        "UN",
        "United Nations Security Council",
        "Совет Безопасности ООН",
        "un_sc_consolidated/consolidated.xml",
        "un-xml",
    ),
    DemoList(
        "EU", "European Union", "Европейский союз", "eu_fsf/eu_fsf_entities.yaml.gz", "eu-fsf"
    ),
    DemoList(
        "UK",
        "United Kingdom",
        "Соединённое Королевство",
        "uk_sanctions_list/uk_sanctions_list.yaml.gz",
        "uk",
    ),
    DemoList("US", "United States (OFAC)", "Соединённые Штаты (OFAC)", "us_ofac_sdn", "ofac-csv"),
    DemoList(
        "RU",
        "Russian Federation (Rosfinmonitoring)",
        "Российская Федерация (Росфинмониторинг)",
        "ru_rosfinmonitoring_terrorists/terrorists.csv",
        "ru-rfm",
    ),
    DemoList(
        "AE",
        "United Arab Emirates",
        "Объединённые Арабские Эмираты",
        "ae_local_terrorist_list/LS1309232025.csv",
        "ae-ltl",
    ),
)


def default_data_dir() -> Path:
    """``data/lists`` of the working directory, else of the source checkout."""
    here = Path("data/lists")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "data" / "lists"


def demo(
    db: Annotated[str, typer.Option("--db", help="SQLite file or database URL.")] = "commonlist.db",
    data: Annotated[
        Path | None, typer.Option("--data", help="Folder of the bundled lists.")
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API and UI at the end.")
    ] = True,
) -> None:
    """Create the registry, register the demo members and import the bundled public lists."""
    data_dir = data or default_data_dir()
    engine = engine_for(db, require_schema=False)
    migrate(engine)
    console.print(f"[bold]registry[/bold] {engine.url.render_as_string(hide_password=True)}")
    with transaction(engine) as session:
        known = {m.code for m in list_members(session)}
        for item in DEMO_LISTS:
            if item.member not in known:
                add_member(
                    session, item.member, name_en=item.name_en, name_ru=item.name_ru, actor=actor()
                )
    for item in DEMO_LISTS:
        path = data_dir / item.path
        with transaction(engine) as session:
            last = session.scalar(
                select(ImportBatchRow.sha256)
                .where(
                    ImportBatchRow.member_code == item.member, ImportBatchRow.status == "committed"
                )
                .order_by(ImportBatchRow.id.desc())
                .limit(1)
            )
        if last is not None and last == file_digest(path):
            console.print(f"{item.member}: {item.path} already imported, unchanged")
            continue
        print_import(run_import(engine, path, member=item.member, format_name=item.format))
    with transaction(engine) as session:
        data_stats = stats(session)
    table = Table("member", "records", "withdrawn", title="registry")
    for code, m in data_stats["members"].items():
        table.add_row(code, f"{m['records']:,}", f"{m['withdrawn']:,}")
    table.add_row("all", f"{data_stats['records']:,}", f"{data_stats['withdrawn']:,}", style="bold")
    console.print(table)
    print_summary(run_resolve(engine))
    print_published(demo_release(engine))
    if serve:
        run_server(engine, host="127.0.0.1", port=8000)
