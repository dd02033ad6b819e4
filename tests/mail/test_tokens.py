"""Signed plus-addresses: they name the claim, survive mail clients' habits, and cannot be forged."""

from __future__ import annotations

from intake.mail.tokens import load_key, plus_address, reference_from_address, sign, verify
from intake.settings import Settings

KEY = b"une-cle-de-test"


def test_a_token_names_its_reference_and_is_short() -> None:
    token = sign("SIN-2025-00012", key=KEY)
    assert token.startswith("sin-2025-00012-") and len(token) <= 30
    assert verify(token, key=KEY) == "SIN-2025-00012"
    assert verify(token.upper(), key=KEY) == "SIN-2025-00012"  # servers that uppercase local parts


def test_a_changed_reference_a_changed_mac_or_another_key_is_refused() -> None:
    token = sign("SIN-2025-00012", key=KEY)
    assert verify(token.replace("00012", "00013"), key=KEY) is None
    assert verify(token[:-1] + ("a" if token[-1] != "a" else "b"), key=KEY) is None
    assert verify(token, key=b"autre-cle") is None
    assert verify("sin-2025-00012", key=KEY) is None
    assert verify("", key=KEY) is None


def test_plus_address_round_trip_with_display_names_and_case() -> None:
    address = plus_address("prestations@cdg-exemple.fr", "SIN-2025-00012", key=KEY)
    assert address.startswith("prestations+sin-2025-00012-") and address.endswith("@cdg-exemple.fr")
    assert reference_from_address(address, key=KEY) == "SIN-2025-00012"
    assert reference_from_address(f'"Service prestations" <{address.upper()}>', key=KEY) == "SIN-2025-00012"
    assert reference_from_address(address, mailbox="prestations@cdg-exemple.fr", key=KEY) == "SIN-2025-00012"
    assert reference_from_address(address, mailbox="autre@cdg-exemple.fr", key=KEY) is None
    assert reference_from_address("prestations@cdg-exemple.fr", key=KEY) is None
    assert reference_from_address("prestations+pas-signe@cdg-exemple.fr", key=KEY) is None


def test_before_the_database_exists_the_generated_key_is_kept_in_a_file_and_reused(tmp_path) -> None:
    absent = f"sqlite:///{tmp_path / 'pas-encore-initialisee.db'}"
    settings = Settings(data_dir=tmp_path / "var", database_url=absent)
    first = load_key(settings)
    assert (tmp_path / "var" / "secret.key").read_text().strip().encode() == first
    assert load_key(Settings(data_dir=tmp_path / "var", database_url=absent)) == first
    assert load_key(Settings(data_dir=tmp_path / "var", database_url=absent, secret_key="configuree")) == b"configuree"
    assert load_key(Settings(data_dir=tmp_path / "other", database_url=absent)) != first
    assert not (tmp_path / "pas-encore-initialisee.db").exists()  # looked for, never created


def test_processes_starting_together_agree_on_one_whole_key(tmp_path) -> None:
    """Regression: a thread read the key file another had created but not yet written ('clé secrète vide')."""
    import threading

    from intake.mail import tokens

    keys: list[bytes] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        try:
            barrier.wait()
            keys.append(tokens._key_file.__wrapped__(tmp_path / "data"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(set(keys)) == 1 and len(keys) == 8
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"]
