"""Display names of entries."""

from __future__ import annotations

from commonlist.resolve.blocking import name_keys
from commonlist.resolve.entries import cyrillic_display


def test_cyrillic_display_reads_english_spellings_as_russian_lists_write_them() -> None:
    assert cyrillic_display("Jamal Youssef") == "Джамал Юссеф"
    assert cyrillic_display("Wael Shawqi") == "Ваел Шавки"
    assert cyrillic_display("Sayed Badry") == "Сайед Бадри"
    assert cyrillic_display("Usama bin Ladin") == "Усама Бин Ладин"


def test_cyrillic_display_blocks_with_its_latin_name() -> None:
    for latin in ("Jamal Youssef", "Jaleh Wael", "Qasim Soleimani", "Nawfal Oumama"):
        assert name_keys(latin) & name_keys(cyrillic_display(latin))
