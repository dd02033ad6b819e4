"""How we connect to the mail systems of a real organisation: TLS (implicit or STARTTLS) and the ways
to log in (password, or an OAuth 2.0 access token through XOAUTH2, which Microsoft 365 and Google
require), for the outgoing relay and the IMAP mailbox alike."""

from __future__ import annotations

import base64
import shlex
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Security(StrEnum):
    NONE = "none"  # plain connection (a relay on the same host or a trusted network)
    STARTTLS = "starttls"  # plain connection upgraded by STARTTLS; refused if the server does not offer it
    TLS = "tls"  # TLS from the first byte (SMTPS 465, IMAPS 993)


class AuthMethod(StrEnum):
    NONE = "none"
    PASSWORD = "password"  # AUTH PLAIN or LOGIN, whichever the server offers (smtplib chooses)
    XOAUTH2 = "xoauth2"  # an OAuth 2.0 access token (Microsoft 365, Google Workspace)


class CredentialError(Exception):
    """The access token could not be read (file missing, command failed): French, for the logs."""


@dataclass
class TokenSource:
    """An OAuth 2.0 access token read from a file that another program keeps fresh, or printed by a
    command (e.g. a token helper of the identity provider). Tokens live about an hour: a command's
    token is reused for `ttl_seconds`, then asked again; a file is read at each connection."""

    file: Path | None = None
    command: str = ""
    ttl_seconds: float = 300.0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[str, float] | None = None

    def token(self) -> str:
        if self.file is not None:
            try:
                value = self.file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise CredentialError(f"jeton OAuth illisible ({self.file}: {error.strerror})") from None
            if not value:
                raise CredentialError(f"jeton OAuth vide ({self.file})")
            return value
        if not self.command:
            raise CredentialError("ni fichier ni commande pour le jeton OAuth")
        with self._lock:
            if self._cached and time.monotonic() < self._cached[1]:
                return self._cached[0]
            try:
                done = subprocess.run(shlex.split(self.command), capture_output=True, text=True, timeout=60, check=False)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise CredentialError(f"commande du jeton OAuth en échec ({type(error).__name__})") from None
            value = done.stdout.strip()
            if done.returncode != 0 or not value:
                raise CredentialError(f"commande du jeton OAuth en échec (code {done.returncode})")
            self._cached = (value, time.monotonic() + self.ttl_seconds)
            return value

    def forget(self) -> None:
        """After the server refused the token: the next connection asks for a new one."""
        with self._lock:
            self._cached = None


def xoauth2_string(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial response, before base64 (smtplib and imaplib encode it themselves)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


def xoauth2_base64(user: str, token: str) -> str:
    return base64.b64encode(xoauth2_string(user, token).encode()).decode()


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """Certificates checked against the system's authorities, or `ca_file` (a private PKI)."""
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
