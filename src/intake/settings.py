"""The one settings object: the only reader of the process environment (INTAKE_* variables)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    database_url: str = "sqlite:///./var/intake.db"
    data_dir: Path = Path("./var")
    mailbox: str = "prestations@localhost"
    smtp_listen: str = "127.0.0.1:2525"
    smtp_relay: str = ""
    http_listen: str = "127.0.0.1:8000"
    secure_cookies: bool = False  # set when the desk is served behind TLS
    imap_host: str | None = None
    imap_port: int | None = None
    imap_user: str | None = None
    imap_password: str | None = None
    imap_folder: str = "INBOX"
    imap_ssl: bool = False
    imap_processed_folder: str = "INBOX.intake-traite"  # stored mail is moved here (created if missing)
    imap_poll_seconds: float = 30.0
    worker_lease_seconds: int = 600  # a message a dead worker held is taken up again after this
    # A message whose processing was interrupted (worker killed, lease run out) this many times is
    # failed instead of taken again: a mail that crashes the worker must not loop forever.
    worker_max_attempts: int = 3
    database_busy_seconds: float = 30.0  # SQLite: how long a write waits for another's lock before failing
    max_message_mb: int = 40  # larger mail is refused at SMTP time (552)
    rules_dir: Path = Path(__file__).resolve().parents[2] / "rules"
    mail_templates_dir: Path = Path(__file__).resolve().parents[2] / "mail_templates"
    # Signs the plus-address of our replies (prestations+<token>@…); empty: generated once and
    # kept in data_dir/secret.key, so tokens stay valid across restarts.
    secret_key: str = ""
    mail_from_name: str = "Service prestations"  # display name of our replies
    # The organisation our replies are signed for (« Centre de gestion de la FPT du Rhône »); empty: none.
    organisation: str = ""
    max_auto_replies_per_day: int = 5  # automatic replies to one address per 24 h; more go unsent
    relay_timeout_seconds: float = 30.0
    relay_retry_base_seconds: int = 60  # first retry after a temporary relay failure, doubled each time
    relay_retry_max_seconds: int = 3600
    relay_poll_seconds: float = 5.0  # how often the sender looks for mail due
    remind_enabled: bool = True  # the daily reminder sweep of `intake serve` (at start-up, then daily)
    remind_hour: int = 6  # local hour of the daily sweep (0-23): digests are ready when offices open
    # Authentication-Results stamped with these authserv-ids (comma-separated; each trusts its subdomains
    # too) are our MTA's; others are anyone's. Empty: the domain of `mailbox`.
    trusted_authserv_ids: str = ""
    sender_auth_policy: Literal["strict", "dmarc", "off"] = "strict"  # what our MTA's failing results decide
    # Reading one PDF or image attachment runs in a child process killed past these (documents/sandbox.py).
    document_timeout_seconds: float = 180.0
    document_memory_mb: int = 1536  # address space the reading may add; 0: no cap
    document_sandbox: bool = True

    @property
    def imap_enabled(self) -> bool:
        return bool(self.imap_host)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def split_host_port(value: str, *, default_port: int) -> tuple[str, int]:
    """'host:port' (or '[::1]:port', or 'host') as a pair."""
    value = value.strip()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest.lstrip(":")
        return host, int(port) if port else default_port
    host, sep, port = value.rpartition(":")
    if not sep:
        return value, default_port
    return host, int(port)
