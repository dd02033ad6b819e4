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
    # The relay of a real organisation: TLS (STARTTLS on 587, implicit on 465) and a login, by password
    # (AUTH PLAIN/LOGIN) or by an OAuth 2.0 access token (XOAUTH2: Microsoft 365, Google Workspace),
    # read from a file kept fresh by another program or printed by a command (mail/transport.py).
    smtp_relay_security: Literal["none", "starttls", "tls"] = "none"
    smtp_relay_auth: Literal["none", "password", "xoauth2"] = "none"
    smtp_relay_user: str = ""
    smtp_relay_password: str = ""
    smtp_relay_oauth_token_file: Path | None = None
    smtp_relay_oauth_token_command: str = ""
    tls_ca_file: Path | None = None  # authorities to check the relay's and IMAP server's certificates; empty: the system's
    http_listen: str = "127.0.0.1:8000"
    secure_cookies: bool = False  # set when the desk is served behind TLS
    max_request_kb: int = 1024  # largest request body the desk reads from a logged-in caller (413 past it)
    max_anonymous_request_kb: int = 16  # the same without credentials (a login form is far smaller)
    token_days: int = 90  # an API token given by `intake token create` stops working after this
    # Login throttling: this many failures for one account, or from one client address, within the
    # window, and further attempts get 429 until the oldest failure leaves the window.
    login_max_failures: int = 10
    login_window_seconds: int = 900
    imap_host: str | None = None
    imap_port: int | None = None
    imap_user: str | None = None
    imap_password: str | None = None
    imap_folder: str = "INBOX"
    imap_ssl: bool = False
    imap_security: Literal["", "none", "starttls", "tls"] = ""  # empty: "tls" when INTAKE_IMAP_SSL, else "none"
    imap_auth: Literal["password", "xoauth2"] = "password"
    imap_oauth_token_file: Path | None = None
    imap_oauth_token_command: str = ""
    # LMTP (RFC 2033) listener beside SMTP, for an MTA that delivers to local mailboxes by LMTP: host:port or
    # a Unix socket path (starting with /); empty: none.
    lmtp_listen: str = ""
    imap_processed_folder: str = "INBOX.intake-traite"  # stored mail is moved here (created if missing)
    imap_poll_seconds: float = 30.0
    worker_lease_seconds: int = 600  # a message a dead worker held is taken up again after this
    # A message whose processing was interrupted (worker killed, lease run out) this many times is
    # failed instead of taken again: a mail that crashes the worker must not loop forever.
    worker_max_attempts: int = 3
    # Agents each process keeps in memory for identification, by collectivité, the least recently used
    # collectivité dropped past it (its agents are read again when a message needs them).
    registry_cache_agents: int = 20_000
    database_busy_seconds: float = 30.0  # SQLite: how long a write waits for another's lock before failing
    max_message_mb: int = 40  # larger mail is refused at SMTP time (552)
    # Shipped inside the package (src/intake/defaults/ links to the repository's rules/ and mail_templates/,
    # which a wheel copies), so an installed intake runs anywhere; a site points these at its own copies.
    rules_dir: Path = Path(__file__).resolve().parent / "defaults" / "rules"
    mail_templates_dir: Path = Path(__file__).resolve().parent / "defaults" / "mail_templates"
    # Signs the plus-address of our replies (prestations+<token>@…); empty: generated once and
    # kept in data_dir/secret.key, so tokens stay valid across restarts.
    secret_key: str = ""
    # Where raw mail and attachments are kept (store/blobs.py): auto is the database on PostgreSQL (hosts
    # sharing the database need no shared disk), files under data_dir/blobs on SQLite.
    blob_store: Literal["auto", "files", "database"] = "auto"
    mail_from_name: str = "Service prestations"  # display name of our replies
    # The organisation our replies are signed for (« Centre de gestion de la FPT du Rhône »); empty: none.
    organisation: str = ""
    max_auto_replies_per_day: int = 5  # automatic mails to one address per 24 h; more wait for a free slot
    # Answers to unknown senders (« expéditeur inconnu ») in any 60 min, all addresses together: a flood of
    # forged senders must not turn us into a backscatter source. More get none, recorded on the message.
    unknown_sender_replies_per_hour: int = 20
    relay_timeout_seconds: float = 30.0
    relay_retry_base_seconds: int = 60  # first retry after a temporary relay failure, doubled each time
    relay_retry_max_seconds: int = 3600
    relay_poll_seconds: float = 5.0  # how often the sender looks for mail due
    remind_enabled: bool = True  # the daily reminder sweep of `intake serve` (at start-up, then daily)
    remind_hour: int = 6  # local hour of the daily sweep (0-23): digests are ready when offices open
    # Authentication-Results stamped with these authserv-ids (comma-separated, each exactly: never its
    # subdomains) are our MTA's; others are anyone's. Empty: the domain of `mailbox`.
    trusted_authserv_ids: str = ""
    sender_auth_policy: Literal["strict", "dmarc", "off"] = "strict"  # what our MTA's failing results decide
    # Reading one PDF or image attachment runs in a child process killed past these (documents/sandbox.py).
    document_timeout_seconds: float = 180.0
    document_memory_mb: int = 1536  # address space the reading may add; 0: no cap
    document_sandbox: bool = True
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one object a line, for log collectors
    # /metrics: this bearer token when set; when empty, loopback clients only.
    metrics_token: str = ""
    ready_idle_seconds: float = 120.0  # /readyz: a thread of this process silent this long is stuck
    ready_outbox_age_seconds: float = 3600.0  # /readyz: unsent mail older than this (relay set) is a fault

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
