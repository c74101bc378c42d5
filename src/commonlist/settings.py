"""Deployment settings: every knob is a ``COMMONLIST_*`` environment variable."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """One object holding the configuration of a commonlist deployment."""

    model_config = SettingsConfigDict(env_prefix="COMMONLIST_", extra="ignore")

    # SQLAlchemy URL of the registry. SQLite file by default; use
    # ``postgresql+psycopg://user:pass@host/db`` for a real deployment.
    database_url: str = "sqlite:///commonlist.db"
    # Largest file an importer or an upload accepts, in bytes.
    max_import_bytes: int = 200 * 1024 * 1024
    # Name of the user or process that actions are attributed to when no
    # authenticated user is given (the CLI on the server itself).
    actor: str = "cli"
    # Directory where releases, exports and bulk screening results are written.
    data_dir: Path = Path("var")
    # Private Ed25519 key that signs release manifests, created on first use;
    # default ``<data_dir>/keys/release-ed25519.pem`` (public key next to it, ``.pub``).
    signing_key: Path | None = None
    # Adoption policy file (TOML) applied by ``commonlist policy apply`` and the demo.
    policy_file: Path = Path("policy.toml")
    # Largest delisting-petition attachment accepted, in bytes.
    max_attachment_bytes: int = 5 * 1024 * 1024
    # Hours a web UI session lasts after a password login.
    session_hours: int = 8


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once per process."""
    return Settings()
