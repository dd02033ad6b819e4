"""Signed plus-addresses: prestations+<token>@domain names a claim, and only we can make one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import tempfile
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path

from intake.settings import Settings, get_settings

# 10 base32 characters = 50 bits of HMAC: guessing one for a given reference takes ~10^15 tries,
# and the address stays short enough for every mail client (local part ≤ 64 characters).
_MAC_CHARS = 10
# References are ours (SIN-YYYY-NNNNN) but the format may change: any short run of letters, digits
# and dashes is signable, and is carried in lower case because some servers lowercase local parts.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
_TOKEN = re.compile(r"(?P<ref>[a-z0-9][a-z0-9-]{0,39})-(?P<mac>[a-z2-7]{%d})" % _MAC_CHARS)
KEY_FILE = "secret.key"


def load_key(settings: Settings | None = None) -> bytes:
    """settings.secret_key, else the key kept in the database (store/secrets.py: the same for every host
    and process sharing it), else, before `intake init` made the database, data_dir/secret.key."""
    settings = settings or get_settings()
    if settings.secret_key:
        return settings.secret_key.encode()
    return _database_or_file_key(settings.database_url, Path(settings.data_dir).resolve())


@lru_cache(maxsize=8)
def _database_or_file_key(url: str, data_dir: Path) -> bytes:
    from intake.store.secrets import SIGNING_KEY, shared_secret

    # A host upgraded from one machine keeps the key its file held (its reply addresses stay valid):
    # the file's key, when there is one, is what the database adopts if it has none yet.
    existing = data_dir / KEY_FILE
    key = shared_secret(url, SIGNING_KEY, lambda: existing.read_text().strip() if existing.exists() else
                        secrets.token_urlsafe(32))
    return key.encode() if key is not None else _key_file(data_dir)


@lru_cache(maxsize=8)
def _key_file(data_dir: Path) -> bytes:
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole to a private file, then linked into place: a reader never sees a half-written
        # key, and of two processes starting together the first link wins and both use its key.
        fd, temporary = tempfile.mkstemp(dir=data_dir, prefix=".secret-")
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32) + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} : clé secrète vide")
    return key.encode()


def _mac(reference: str, key: bytes) -> str:
    digest = hmac.new(key, b"intake-reply:" + reference.upper().encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:_MAC_CHARS]


def sign(reference: str, *, key: bytes | None = None) -> str:
    """The token for a claim reference: 'sin-2025-00012-<mac>'."""
    if not _REFERENCE.fullmatch(reference):
        raise ValueError(f"référence non signable : {reference!r}")
    return f"{reference.lower()}-{_mac(reference, key or load_key())}"


def verify(token: str, *, key: bytes | None = None) -> str | None:
    """The reference a token names (upper case), or None when it is not one of ours."""
    match = _TOKEN.fullmatch(token.strip().lower())
    if not match:
        return None
    reference = match["ref"].upper()
    if not hmac.compare_digest(match["mac"], _mac(reference, key or load_key())):
        return None
    return reference


def plus_address(mailbox: str, reference: str, *, key: bytes | None = None) -> str:
    """prestations+<token>@domain for the claim `reference`, from the mailbox address."""
    local, _, domain = mailbox.strip().rpartition("@")
    if not local or not domain:
        raise ValueError(f"adresse de la boîte invalide : {mailbox!r}")
    local = local.partition("+")[0]
    return f"{local}+{sign(reference, key=key)}@{domain}"


def reference_from_address(addr: str, *, mailbox: str | None = None, key: bytes | None = None) -> str | None:
    """The claim reference of a signed plus-address ('Nom <prestations+tok@d>' accepted), else None.

    With `mailbox`, the address must also be that mailbox's (same local part and domain).
    """
    _, spec = parseaddr(addr or "")
    local, _, domain = spec.strip().rpartition("@")
    base, plus, token = local.partition("+")
    if not plus or not token or not domain:
        return None
    if mailbox is not None:
        m_local, _, m_domain = mailbox.strip().lower().rpartition("@")
        if base.lower() != m_local.partition("+")[0] or domain.lower() != m_domain:
            return None
    return verify(token, key=key)
