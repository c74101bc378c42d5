"""Which writing system a name is in: the first decision of every name comparison."""

from __future__ import annotations

from rigour.text.scripts import text_scripts

from commonlist.names.memo import memo

#: Scripts the transliterator knows how to bring to Latin with dedicated rules.
KNOWN_SCRIPTS = frozenset({"Latin", "Cyrillic", "Arabic", "Armenian"})


@memo(65536)
def detect_script(text: str) -> str:
    """The script of a name: ``Latin``, ``Cyrillic``, ``Arabic``…, ``Mixed`` or ``Unknown``.

    Digits and punctuation carry no script; a Latin legal form inside a Cyrillic
    name (``ТОО Alem LLC``) counts as the non-Latin script, because the Latin part is
    usually a tag and the rest decides how to transliterate.

    Args:
        text: a name as written.

    Returns:
        A Unicode script name, ``Mixed`` when two non-Latin scripts occur, or
        ``Unknown`` when the text has no letters.
    """
    scripts = text_scripts(text)
    if not scripts:
        return "Unknown"
    if len(scripts) == 1:
        return next(iter(scripts))
    non_latin = scripts - {"Latin"}
    return next(iter(non_latin)) if len(non_latin) == 1 else "Mixed"


def is_cross_script(left: str, right: str) -> bool:
    """True if two names are written in different scripts.

    Args:
        left: one name.
        right: the other name.

    Returns:
        Whether their detected scripts differ (``Unknown`` matches anything).
    """
    a, b = detect_script(left), detect_script(right)
    return "Unknown" not in (a, b) and a != b
