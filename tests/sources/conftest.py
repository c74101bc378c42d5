"""Shared fixtures of the importer tests: the bundled real list files."""

from pathlib import Path

import pytest

#: The real list snapshots bundled with the repository.
DATA = Path(__file__).parents[2] / "data" / "lists"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Folder of the bundled list snapshots (``data/lists``)."""
    return DATA
