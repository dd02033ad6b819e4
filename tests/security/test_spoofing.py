"""A forged From of a known collectivité, end to end over SMTP: no claim, a reply without personal data,
the message kept for the handlers; the same mail our MTA vouches for gets its claim."""

from __future__ import annotations

import email
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid

import pytest
from sqlalchemy import select

from intake.store.claims import Claim
from intake.store.messages import Message
from security.conftest import MAILBOX, OUR_MTA

SENDER = "rh@mairiebarjac.fr"  # a domain of C48018 in the sample registry
PERSONAL = ("RICHARD", "Sylvie", "19/02/2001", "2010248101962", "2 01 02 48", "SIN-")


def declaration(results: list[str], *, reply_to: str | None = None) -> bytes:
    today = date.today()
    message = EmailMessage()
    for value in results:  # our MTA prepends its header: it comes first
        message["Authentication-Results"] = value
    message["From"] = f"Service RH <{SENDER}>"
    if reply_to:
        message["Reply-To"] = reply_to
    message["To"] = MAILBOX
    message["Subject"] = "Arrêt maladie de Mme RICHARD"
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    start, end = today - timedelta(days=3), today + timedelta(days=8)
    message.set_content(
        "Bonjour,\n\nMme Sylvie RICHARD, née le 19/02/2001 (NIR 2 01 02 48 101 962), est en arrêt maladie "
        f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}.\nLa mairie de Barjac\n\nCordialement,\nLe service RH\n")
    return message.as_bytes()


def _text(sent) -> str:
    parsed = email.message_from_bytes(sent.raw, policy=default_policy)
    return str(parsed["Subject"]) + "\n" + parsed.get_body(("plain",)).get_content()


@pytest.mark.parametrize("results", [
    [f"{OUR_MTA}; spf=pass smtp.mailfrom=pirate.example; dkim=none; dmarc=fail (p=none) header.from=mairiebarjac.fr"],
    [f"{OUR_MTA}; spf=softfail smtp.mailfrom=mairiebarjac.fr; dkim=none"],
    # A forged pass the attacker wrote himself, under another server's name, is ignored.
    [f"{OUR_MTA}; spf=fail smtp.mailfrom=mairiebarjac.fr; dkim=none", "mx.pirate.example; dmarc=pass"],
], ids=["dmarc-fail", "spf-softfail", "forged-pass-below"])
def test_a_forged_sender_gets_no_claim_and_no_personal_data(intake, results) -> None:
    [reply] = intake.exchange(declaration(results, reply_to="pirate@pirate.example"), sender="x@pirate.example")
    text = _text(reply)
    for personal in PERSONAL:
        assert personal not in text, personal
    assert "Barjac" not in text  # not even which collectivité we took it for
    assert "n'a pas pu vérifier" in text and "n'est pas enregistrée" not in text  # told why, not "unknown"
    # Issue 17: never the Reply-To of a sender we cannot vouch for (it made us mail third parties); the From's
    # owner learns its mail failed our checks, and nothing else.
    assert reply.recipients == ["rh@mairiebarjac.fr"]
    with intake.factory() as session:
        assert session.scalars(select(Claim)).all() == []
        [row] = session.scalars(select(Message)).all()
        assert row.status == "processed" and row.outcome == "expediteur_non_authentifie"
        assert row.analysis["collectivite"] is None


def test_the_same_mail_vouched_for_by_our_mta_gets_its_claim(intake) -> None:
    [ack] = intake.exchange(declaration(
        [f"{OUR_MTA}; spf=pass smtp.mailfrom=mairiebarjac.fr; dkim=pass header.d=mairiebarjac.fr; "
         "dmarc=pass header.from=mairiebarjac.fr"]))
    assert ack.recipients == [SENDER] and "RICHARD" in _text(ack)
    with intake.factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        assert claim.agent is not None and claim.agent.matricule == "M01269"
        assert claim.reference in _text(ack)


def test_an_unchecked_mail_is_taken_as_before(intake) -> None:
    """No result from our MTA (as in the samples): nothing is concluded, the sender is known by its address."""
    [ack] = intake.exchange(declaration([]))
    assert "RICHARD" in _text(ack)
    with intake.factory() as session:
        assert len(session.scalars(select(Claim)).all()) == 1


def test_the_desk_shows_the_forged_sender(intake, desk_client) -> None:
    intake.exchange(declaration([f"{OUR_MTA}; dkim=fail header.d=mairiebarjac.fr; spf=fail smtp.mailfrom=mairiebarjac.fr"]))
    with intake.factory() as session:
        [row] = session.scalars(select(Message)).all()
    listing = desk_client.get("/messages").text
    unknown = listing.split('id="unknown"', 1)[1].split("<h2", 1)[0]
    assert f"/messages/{row.id}" in unknown and "expéditeur non authentifié" in unknown
    page = desk_client.get(f"/messages/{row.id}").text
    assert "expéditeur non authentifié : ni SPF ni DKIM ne valident mairiebarjac.fr" in page


@pytest.mark.parametrize("reply_to, expected", [
    ("pirate@pirate.example", SENDER),  # a Reply-To elsewhere: the claim's news go to the From
    ("secretariat@mairiebarjac.fr", "secretariat@mairiebarjac.fr"),  # the collectivité's own: honoured
])
def test_claim_news_go_only_to_an_address_of_the_collectivite(intake, reply_to, expected) -> None:
    [ack] = intake.exchange(declaration([], reply_to=reply_to))
    assert ack.recipients == [expected] and "RICHARD" in _text(ack)


def test_an_unknown_address_naming_a_collectivite_learns_nothing(intake) -> None:
    """contract.md keeps the collectivité the text names (a draft for the handlers), but the address is
    none of that collectivité's: the answer is the one that repeats nothing."""
    raw = declaration([]).replace(f"Service RH <{SENDER}>".encode(), b"Service RH <rh.barjac@exemple-webmail.fr>")
    [reply] = intake.exchange(raw, sender="rh.barjac@exemple-webmail.fr")
    text = _text(reply)
    assert reply.recipients == ["rh.barjac@exemple-webmail.fr"]
    for personal in PERSONAL:
        assert personal not in text, personal
    with intake.factory() as session:
        [row] = session.scalars(select(Message)).all()
        assert row.analysis["collectivite"] == "C48018"


def test_an_injected_header_under_a_subdomain_of_our_mta_vouches_for_nothing(intake) -> None:
    """Issue 16: beside our MTA's real « none » results, the forger's own header under
    `attacker.<our id>` claimed a DKIM pass; it must not turn the forgery into a drafted claim."""
    [reply] = intake.exchange(declaration([
        f"{OUR_MTA}; spf=none smtp.mailfrom=mairiebarjac.fr; dkim=none",
        f"attacker.{OUR_MTA}; dkim=pass header.d=mairiebarjac.fr; dmarc=pass header.from=mairiebarjac.fr",
    ]), sender="x@pirate.example")
    text = _text(reply)
    for personal in PERSONAL:
        assert personal not in text, personal
    with intake.factory() as session:
        assert session.scalars(select(Claim)).all() == []
        [row] = session.scalars(select(Message)).all()
        assert row.outcome == "expediteur_non_authentifie"
