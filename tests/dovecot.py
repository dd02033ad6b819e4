"""A real Dovecot IMAP server for tests: own config, base_dir and loopback port, started and stopped per test.

Import the `dovecot` fixture into a test module (`from dovecot import dovecot`).

Dovecot never lets uid 0 own mail and its login processes refuse to run as root, so as root (CI)
the mail belongs to the `dovecot` system user and the server's directory lives in a fresh
directory under /tmp that other users may traverse (pytest's tmp_path, mode 0700, would lock them
out). As an ordinary user every process runs as that user, in tmp_path.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "intake", "mot-de-passe-de-test"
START_TIMEOUT = 10.0

_CONFIG_23 = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 0
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
{chroot}}}
{anvil}"""

# Written from the 2.4 documentation (renamed settings, named auth databases); Debian 12 ships 2.3.
_CONFIG_24 = """\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
auth_allow_cleartext = yes
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 0
mail_driver = maildir
mail_path = ~/Maildir
namespace inbox {{
  inbox = yes
  separator = .
}}
passdb passwd-file {{
  passwd_file_path = {root}/passwd
}}
userdb passwd-file {{
  passwd_file_path = {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
{chroot}}}
{anvil}"""


def dovecot_version() -> tuple[int, int]:
    out = subprocess.run([DOVECOT, "--version"], capture_output=True, text=True, check=True).stdout
    major, minor = re.match(r"(\d+)\.(\d+)", out).groups()
    return int(major), int(minor)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    root: Path

    def mailbox(self, folder: str = "INBOX") -> MailBoxUnencrypted:
        """A logged-in client (a context manager)."""
        return MailBoxUnencrypted(self.host, port=self.port, timeout=10).login(self.user, self.password, folder)

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a mail the way a mail client files one: IMAP APPEND."""
        with self.mailbox() as box:
            box.append(raw, folder)

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """The raw mails in `folder` (none when it does not exist), without touching their flags."""
        with self.mailbox() as box:
            if not box.folder.exists(folder):
                return []
            box.folder.set(folder)
            uids = box.uids("ALL")
            found = []
            for uid in uids:
                status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
                assert status == "OK"
                found.extend(item[1] for item in data if isinstance(item, tuple))
            return found

    def env(self, **extra: str) -> dict[str, str]:
        """INTAKE_IMAP_* pointing at this server."""
        return {
            "INTAKE_IMAP_HOST": self.host, "INTAKE_IMAP_PORT": str(self.port), "INTAKE_IMAP_USER": self.user,
            "INTAKE_IMAP_PASSWORD": self.password, "INTAKE_IMAP_SSL": "false", **extra,
        }

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _accounts(root: Path) -> tuple[dict[str, str], int, int]:
    """Config users and the uid/gid owning the mail, for root or an ordinary user."""
    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(os.getgid()).gr_name
        return ({"internal_user": me.pw_name, "internal_group": group, "login_user": me.pw_name,
                 "chroot": "  chroot =\n", "anvil": "service anvil {\n  chroot =\n}\n"}, os.getuid(), os.getgid())

    def existing(*names: str) -> pwd.struct_passwd:
        for name in names:
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise RuntimeError(f"aucun des utilisateurs {names} n'existe")

    internal, login = existing("dovecot", "nobody"), existing("dovenull", "nobody")
    return ({"internal_user": internal.pw_name, "internal_group": grp.getgrgid(internal.pw_gid).gr_name,
             "login_user": login.pw_name, "chroot": "", "anvil": ""}, internal.pw_uid, internal.pw_gid)


def _tls_settings(version: tuple[int, int], tls: tuple[Path, Path]) -> str:
    cert, key = tls
    if version >= (2, 4):
        return f"ssl = yes\nssl_server_cert_file = {cert}\nssl_server_key_file = {key}"
    return f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}"


def start(root: Path, tls: tuple[Path, Path] | None = None) -> tuple[subprocess.Popen, Dovecot]:
    """Write the config under `root` and start Dovecot in the foreground; returns once it greets.
    With `tls` (certificate, key), the IMAP port offers STARTTLS."""
    accounts, uid, gid = _accounts(root)
    for name in ("run", "state", "mail"):
        (root / name).mkdir(parents=True, exist_ok=True)
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{root / 'mail'}\n")
    port = free_port()
    template = _CONFIG_24 if dovecot_version() >= (2, 4) else _CONFIG_23
    config = root / "dovecot.conf"
    text = template.format(root=root, port=port, **accounts)
    if tls is not None:
        text = text.replace("ssl = no", _tls_settings(dovecot_version(), tls), 1)
    config.write_text(text)
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    server = Dovecot("127.0.0.1", port, USER, PASSWORD, root)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot s'est arrêté au démarrage :\n{process.stdout.read().decode()}\n{server.log}")
        try:
            with socket.create_connection((server.host, port), timeout=1) as probe:
                if probe.recv(100).startswith(b"* OK"):
                    return process, server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"dovecot ne répond pas sur le port {port} :\n{server.log}")
        time.sleep(0.02)


def stop(process: subprocess.Popen) -> None:
    # The whole process group at once: a graceful stop makes the master linger a second, per test.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    if process.stdout:
        process.stdout.close()


@pytest.fixture
def dovecot(tmp_path: Path) -> Iterator[Dovecot]:
    """A running Dovecot with one user and an empty INBOX, stopped and removed after the test."""
    if os.getuid() == 0:
        root = Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
        root.chmod(0o711)  # the mail user must traverse it; only root reads the listing
    else:
        root = tmp_path / "dovecot"
    process, server = start(root)
    try:
        yield server
    finally:
        stop(process)
        if os.getuid() == 0:
            shutil.rmtree(root, ignore_errors=True)
