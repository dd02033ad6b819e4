"""One signing key for every host sharing the database (reply addresses, cookies, CSRF tokens)."""

from __future__ import annotations

import threading

from intake.mail import tokens
from intake.mail.tokens import load_key, sign, verify
from intake.settings import Settings


def test_hosts_with_different_data_directories_sign_alike(database_url, tmp_path) -> None:
    first = load_key(Settings(database_url=database_url, data_dir=tmp_path / "hote-a"))
    other = load_key(Settings(database_url=database_url, data_dir=tmp_path / "hote-b"))
    assert first == other and len(first) >= 32
    assert verify(sign("SIN-2026-00012", key=first), key=other) == "SIN-2026-00012"
    assert not (tmp_path / "hote-a" / "secret.key").exists() and not (tmp_path / "hote-b" / "secret.key").exists()
    # A configured key wins over the database's.
    assert load_key(Settings(database_url=database_url, data_dir=tmp_path, secret_key="configuree")) == b"configuree"


def test_a_host_upgraded_from_one_machine_keeps_its_key(empty_database_url, tmp_path, monkeypatch) -> None:
    from intake.settings import get_settings
    from intake.store.migrate import upgrade

    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret.key").write_text("cle-de-la-machine-unique\n")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    try:
        upgrade(empty_database_url)  # `intake init` on the machine that had the key
    finally:
        get_settings.cache_clear()
    assert load_key(Settings(database_url=empty_database_url, data_dir=tmp_path / "neuf")) \
        == b"cle-de-la-machine-unique"


def test_processes_starting_together_agree_on_one_key(database_url, tmp_path) -> None:
    # `intake init` made one; a database whose key was removed gets a new one, made once.
    from sqlalchemy import text

    from intake.store.db import get_engine

    with get_engine(database_url).begin() as connection:
        before = connection.scalar(text("SELECT value FROM instance_secrets WHERE name = 'signing_key'"))
        connection.execute(text("DELETE FROM instance_secrets"))
    assert before
    keys: list[bytes] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def start(i: int) -> None:
        try:
            barrier.wait()
            # Uncached: each thread stands for a process of its own host.
            keys.append(tokens._database_or_file_key.__wrapped__(database_url, tmp_path / f"hote-{i}"))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(keys) == 6 and len(set(keys)) == 1 and keys[0] != before.encode()
