"""Ed25519 keys and the signed manifest of a release folder.

The manifest lists every file of the release with its SHA-256 and size; the
signature covers the manifest's exact bytes. ``verify_folder`` checks both, so a
changed byte in any file, or in the manifest, is caught.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from commonlist.exc import InvalidInput

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signing-key.pub"


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The private key at ``path``; a new one (and ``<path>.pub``) on first use."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise InvalidInput(f"{path} is not an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public_key_path(path).write_bytes(public_pem(key.public_key()))
    return key


def public_key_path(private: Path) -> Path:
    return private.with_name(private.name.removesuffix(".pem") + ".pub")


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("not an Ed25519 public key")
    return key


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sign_folder(folder: Path, key: Ed25519PrivateKey, header: dict[str, Any]) -> Path:
    """Write the manifest of every file in ``folder`` and its detached signature."""
    (folder / PUBLIC_KEY).write_bytes(public_pem(key.public_key()))
    files = {
        p.name: {"sha256": file_sha256(p), "bytes": p.stat().st_size}
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name not in (MANIFEST, SIGNATURE)
    }
    manifest = orjson.dumps(
        {**header, "files": files}, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    )
    (folder / MANIFEST).write_bytes(manifest)
    (folder / SIGNATURE).write_text(base64.b64encode(key.sign(manifest)).decode() + "\n")
    return folder / MANIFEST


@dataclass(frozen=True, slots=True)
class FolderCheck:
    ok: bool
    problems: tuple[str, ...]
    files: int


def verify_folder(folder: Path, public_key: Ed25519PublicKey) -> FolderCheck:
    """Check the manifest's signature, then every listed file's hash; name each problem."""
    manifest_path, sig_path = folder / MANIFEST, folder / SIGNATURE
    if not manifest_path.is_file() or not sig_path.is_file():
        return FolderCheck(False, (f"{folder}: no {MANIFEST} or {SIGNATURE}",), 0)
    manifest = manifest_path.read_bytes()
    problems = []
    try:
        public_key.verify(base64.b64decode(sig_path.read_text().strip()), manifest)
    except (InvalidSignature, ValueError):
        problems.append(f"{MANIFEST}: signature does not match (manifest changed or wrong key)")
    try:
        files: dict[str, dict[str, Any]] = orjson.loads(manifest)["files"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return FolderCheck(False, (*problems, f"{MANIFEST}: not a release manifest"), 0)
    for name, meta in sorted(files.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif file_sha256(path) != meta.get("sha256"):
            problems.append(f"{name}: SHA-256 differs from the manifest (file changed)")
    listed = set(files) | {MANIFEST, SIGNATURE}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in listed:
            problems.append(f"{path.name}: not in the manifest")
    return FolderCheck(not problems, tuple(problems), len(files))
