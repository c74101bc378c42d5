"""Compiles the hot pure-Python modules of names, matching, retrieval and scoring with Cython.

The ``.py`` files stay the source (and what mypy, ruff and the tests read); the
compiled modules beside them take precedence on import. Metadata is in
pyproject.toml.
"""

from Cython.Build import cythonize
from setuptools import setup

COMPILED = [
    "src/commonlist/names/analysis.py",
    "src/commonlist/names/gender.py",
    "src/commonlist/names/groups.py",
    "src/commonlist/names/honorifics.py",
    "src/commonlist/names/memo.py",
    "src/commonlist/names/normalize.py",
    "src/commonlist/names/orgtypes.py",
    "src/commonlist/names/parts.py",
    "src/commonlist/names/script.py",
    "src/commonlist/names/translit.py",
    "src/commonlist/matching/compare/countries.py",
    "src/commonlist/matching/compare/dates.py",
    "src/commonlist/matching/compare/gender.py",
    "src/commonlist/matching/compare/identifiers.py",
    "src/commonlist/matching/compare/names.py",
    "src/commonlist/matching/compare/places.py",
    "src/commonlist/matching/record.py",
    "src/commonlist/matching/match_v1/model.py",
    "src/commonlist/matching/types.py",
    "src/commonlist/screen/counting.py",
    "src/commonlist/screen/index.py",
    "src/commonlist/screen/keys.py",
    "src/commonlist/screen/ranking.py",
    "src/commonlist/screen/scoring.py",
    "src/commonlist/screen/spellings.py",
]

setup(
    ext_modules=cythonize(
        COMPILED,
        compiler_directives={"language_level": "3"},
        include_path=["src"],  # .pxd files beside the modules, cimported by package name
    ),
)
