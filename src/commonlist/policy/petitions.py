"""Checks on what the public sends with a delisting petition.

Attachments are typed by their first bytes, not by their name or the browser's
claim: PDF, PNG, JPEG, or plain UTF-8 text. Anything else is refused.
"""

from __future__ import annotations

from commonlist.exc import FileTooLarge, InvalidInput

MAX_ATTACHMENTS = 5
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def attachment_type(name: str, content: bytes, *, max_bytes: int) -> str:
    """The media type of an attachment, or an error naming the file and the reason."""
    if len(content) > max_bytes:
        raise FileTooLarge(
            f"attachment is {len(content):,} bytes, more than the limit of {max_bytes:,}",
            file=name,
        )
    if not content:
        raise InvalidInput(f"{name}: attachment is empty")
    for magic, media_type in SIGNATURES:
        if content.startswith(magic):
            return media_type
    if b"\0" not in content:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain"
    raise InvalidInput(f"{name}: only PDF, PNG, JPEG or plain UTF-8 text attachments are accepted")


def check_text(label: str, value: str, *, limit: int) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"{label} is required")
    if len(text) > limit:
        raise InvalidInput(f"{label} is longer than {limit:,} characters")
    return text
