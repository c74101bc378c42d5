"""Organisation legal forms (ООО, ТОО, МЧЖ, LLC, GmbH…) as comparable classes.

Backed by rigour's org_types database: each legal form in any language maps to a
generic class (``ТОО`` and ``LLP`` both to ``LLP``), so that two names that differ
only in how they write the legal form agree, and two that name different forms
(LLC vs JSC) can be told apart.
"""

from __future__ import annotations

from rigour.names import replace_org_types_compare
from rigour.names.org_types import extract_org_types

from commonlist.names.memo import EMPTY, memo
from commonlist.names.normalize import normalize_name


@memo(65536)
def legal_forms(text: str) -> frozenset[str]:
    """The generic legal-form classes named in an organisation name.

    Args:
        text: an organisation name as written.

    Returns:
        Generic class codes, e.g. ``frozenset({"LLC"})`` for ``ООО "Ромашка"``.
    """
    norm = normalize_name(text)
    return frozenset(generic for _, generic in extract_org_types(norm, generic=True)) or EMPTY


@memo(65536)
def compare_form(text: str) -> str:
    """The name with each legal form replaced by its generic class (lower case).

    Args:
        text: an organisation name as written.

    Returns:
        The normalised name, legal forms rewritten, e.g. ``too alem llp`` → ``llp alem``.
    """
    return replace_org_types_compare(normalize_name(text), generic=True).lower()
