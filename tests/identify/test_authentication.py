"""The sender's authentication as our MTA stamped it (RFC 8601): trusted ids only, the verdict's policy, and
`intake parse`'s collectivité for a forged From."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from intake.identify.authentication import FAIL, NONE, PASS, judge, sender_authentication, trusted_ids
from intake.identify.match import Registry
from intake.mail.read import read_message
from intake.pipeline.parse import analyse_read
from intake.settings import Settings
from support import REGISTRY

OURS = ("mx1.cdg-exemple.fr",)  # our MTA's exact authserv-id
FROM = ("mairiebarjac.fr",)


def verdict(*values: str, domains=FROM, trusted=OURS) -> str:
    return judge({"authentication-results": list(values)}, domains, trusted).verdict


@pytest.mark.parametrize("value, expected", [
    ("mx1.cdg-exemple.fr; dmarc=fail (p=reject) header.from=mairiebarjac.fr", FAIL),
    ("mx1.cdg-exemple.fr; dmarc=pass header.from=mairiebarjac.fr", PASS),
    # DMARC's fail wins over an SPF pass of the envelope (the classic forgery).
    ("mx1.cdg-exemple.fr; spf=pass smtp.mailfrom=pirate.example; dmarc=fail header.from=mairiebarjac.fr", FAIL),
    # Without DMARC: an aligned pass vouches (subdomains align), an unaligned one does not.
    ("mx1.cdg-exemple.fr; spf=fail smtp.mailfrom=x@pirate.example; dkim=pass header.d=mail.mairiebarjac.fr", PASS),
    ("mx1.cdg-exemple.fr; spf=pass smtp.mailfrom=rh@mairiebarjac.fr; dkim=none", PASS),
    ("mx1.cdg-exemple.fr; spf=pass smtp.mailfrom=x@pirate.example; dkim=pass header.d=pirate.example", FAIL),
    ("mx1.cdg-exemple.fr; spf=softfail smtp.mailfrom=mairiebarjac.fr; dkim=none", FAIL),
    ("mx1.cdg-exemple.fr; spf=none smtp.mailfrom=pirate.example; dkim=none", FAIL),
    ("mx1.cdg-exemple.fr; dkim=fail header.d=mairiebarjac.fr", FAIL),
    # Nothing could be checked (DNS trouble), or nothing was: no conclusion.
    ("mx1.cdg-exemple.fr; spf=temperror smtp.mailfrom=mairiebarjac.fr", NONE),
    ("mx1.cdg-exemple.fr; none", NONE),
    # A DMARC result about another From domain says nothing of this one.
    ("mx1.cdg-exemple.fr; dmarc=fail header.from=autre.example; dkim=pass header.d=mairiebarjac.fr", PASS),
])
def test_policy(value: str, expected: str) -> None:
    assert verdict(value) == expected


def test_only_our_own_authserv_ids_count() -> None:
    # Anyone can write an Authentication-Results header: a pass or fail stamped by another server is ignored.
    assert verdict("mx.pirate.example; dmarc=pass header.from=mairiebarjac.fr") == NONE
    assert verdict("mx.pirate.example; dmarc=fail header.from=mairiebarjac.fr") == NONE
    assert verdict("cdg-exemple.fr.pirate.example; dmarc=fail") == NONE
    assert verdict("pirate.example; dmarc=pass", "mx1.cdg-exemple.fr; dmarc=fail header.from=mairiebarjac.fr") == FAIL
    # A forged pass under our own id never outweighs our MTA's fail.
    assert verdict("mx1.cdg-exemple.fr; dmarc=fail header.from=mairiebarjac.fr",
                   "mx1.cdg-exemple.fr; dmarc=pass header.from=mairiebarjac.fr") == FAIL


@pytest.mark.parametrize("garbage", ["", ";;;", "mx1.cdg-exemple.fr; dmarc", "\x00\r\n", "mx1.cdg-exemple.fr; =fail",
                                     "(" * 500, "mx1.cdg-exemple.fr; spf=fail smtp.mailfrom=" + "a" * 5000])
def test_unreadable_headers_never_raise(garbage: str) -> None:
    assert verdict(garbage) in (NONE, FAIL)


@pytest.mark.parametrize("forged", [
    "attacker.mx1.cdg-exemple.fr; dkim=pass header.d=mairiebarjac.fr",
    "x.mx1.cdg-exemple.fr; dmarc=pass header.from=mairiebarjac.fr",
    "mx1.cdg-exemple.fr.pirate.example; dmarc=pass header.from=mairiebarjac.fr",
])
def test_a_subdomain_of_our_id_is_someone_else(forged: str) -> None:
    """Issue 16: the MTA strips only headers carrying its exact id; one under a subdomain of it is the
    forger's and must not turn our MTA's « none » into a pass."""
    assert verdict(forged, "mx1.cdg-exemple.fr; spf=none smtp.mailfrom=mairiebarjac.fr; dkim=none") == FAIL
    assert verdict(forged) == NONE


def test_the_default_id_is_the_mailbox_domain_exactly() -> None:
    trusted = trusted_ids(Settings(mailbox="prestations@cdg-exemple.fr"))
    assert verdict("attacker.cdg-exemple.fr; dkim=pass header.d=mairiebarjac.fr", trusted=trusted) == NONE
    assert verdict("cdg-exemple.fr; dkim=pass header.d=mairiebarjac.fr", trusted=trusted) == PASS


def test_trusted_ids_default_to_the_mailbox_domain() -> None:
    assert trusted_ids(Settings(mailbox="prestations@cdg-exemple.fr")) == ("cdg-exemple.fr",)
    assert trusted_ids(Settings(mailbox="p@x.fr", trusted_authserv_ids="mx1.cdg.fr, Filtre.CDG.fr")) == (
        "mx1.cdg.fr", "filtre.cdg.fr")


def _mail(sender: str, results: list[str]) -> bytes:
    message = EmailMessage()
    for value in results:
        message["Authentication-Results"] = value
    message["From"] = f"Service RH <{sender}>"
    message["To"] = "prestations@cdg-exemple.fr"
    message["Subject"] = "Arrêt maladie de Mme RICHARD"
    message["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    message["Date"] = "Mon, 10 Mar 2025 09:00:00 +0100"
    message.set_content("Bonjour,\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie du 10/03/2025 au "
                        "21/03/2025.\nLa mairie de Barjac\nCordialement")
    return message.as_bytes()


@pytest.fixture
def registry() -> Registry:
    return Registry.from_csv_dir(REGISTRY)


def test_intake_parse_of_a_forged_sender_names_no_collectivite(registry, monkeypatch) -> None:
    """contract.md: `collectivite` is the sender's, else the content's, null when unknown. A From our MTA
    says is forged is unknown, and the collectivité its text names is not believed either (the forger
    wrote it): null, and the claim names no agent."""
    from intake.settings import get_settings

    monkeypatch.setenv("INTAKE_MAILBOX", "prestations@cdg-exemple.fr")
    monkeypatch.setenv("INTAKE_TRUSTED_AUTHSERV_IDS", "mx1.cdg-exemple.fr")
    get_settings.cache_clear()
    try:
        forged = analyse_read(read_message(_mail("rh@mairiebarjac.fr", [
            "mx1.cdg-exemple.fr; spf=pass smtp.mailfrom=pirate.example; dmarc=fail header.from=mairiebarjac.fr"])),
            registry=registry)
        assert forged["collectivite"] is None and forged["intent"] == "declaration"
        assert [c["agent"] for c in forged["claims"]] == [None]
        genuine = analyse_read(read_message(_mail("rh@mairiebarjac.fr", [
            "mx1.cdg-exemple.fr; spf=pass smtp.mailfrom=mairiebarjac.fr; dmarc=pass header.from=mairiebarjac.fr"])),
            registry=registry)
        assert genuine["collectivite"] == "C48018" and [c["agent"] for c in genuine["claims"]] == ["M01269"]
        # A fail stamped by someone else's server changes nothing.
        other = analyse_read(read_message(_mail("rh@mairiebarjac.fr", [
            "mx.pirate.example; dmarc=fail header.from=mairiebarjac.fr"])), registry=registry)
        assert other["collectivite"] == "C48018"
        read = read_message(_mail("rh@mairiebarjac.fr", ["mx1.cdg-exemple.fr; dkim=none; spf=fail smtp.mailfrom=x@y.z"]))
        assert sender_authentication(read).reason.startswith("expéditeur non authentifié")
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("value, strict, dmarc_only", [
    ("mx1.cdg-exemple.fr; dmarc=fail header.from=mairiebarjac.fr", FAIL, FAIL),
    ("mx1.cdg-exemple.fr; spf=none smtp.mailfrom=mairiebarjac.fr; dkim=none", FAIL, NONE),
    ("mx1.cdg-exemple.fr; spf=softfail smtp.mailfrom=mairiebarjac.fr; dkim=none", FAIL, NONE),
    ("mx1.cdg-exemple.fr; spf=pass smtp.mailfrom=rh@mairiebarjac.fr", PASS, PASS),
])
def test_the_policy_setting_decides_what_a_failing_result_means(value, strict, dmarc_only) -> None:
    results = {"authentication-results": [value]}
    assert judge(results, FROM, OURS, "strict").verdict == strict
    assert judge(results, FROM, OURS, "dmarc").verdict == dmarc_only
    assert judge(results, FROM, OURS, "off").verdict == NONE


def test_a_forged_sender_is_taken_as_before_when_the_policy_is_off() -> None:
    mail = EmailMessage()
    mail["From"] = "rh@mairiebarjac.fr"
    mail["To"] = "prestations@cdg-exemple.fr"
    mail["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    mail["Authentication-Results"] = "mx1.cdg-exemple.fr; dmarc=fail header.from=mairiebarjac.fr"
    mail.set_content("Bonjour")
    read = read_message(mail.as_bytes())
    on = Settings(mailbox="prestations@cdg-exemple.fr", trusted_authserv_ids="mx1.cdg-exemple.fr")
    off = Settings(mailbox="prestations@cdg-exemple.fr", trusted_authserv_ids="mx1.cdg-exemple.fr",
                   sender_auth_policy="off")
    assert sender_authentication(read, on).failed and not sender_authentication(read, off).failed
