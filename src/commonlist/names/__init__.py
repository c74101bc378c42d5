"""Name analysis for one name string: script, normalisation, transliteration, part roles."""

from commonlist.names.analysis import AnalyzedName, NamePart, analyze_name
from commonlist.names.parts import PartRole
from commonlist.names.script import detect_script
from commonlist.names.translit import phonetic_key, to_latin

__all__ = [
    "AnalyzedName",
    "NamePart",
    "PartRole",
    "analyze_name",
    "detect_script",
    "phonetic_key",
    "to_latin",
]
