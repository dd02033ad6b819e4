"""A delivery report for one of our replies marks it bounced, and the gestionnaire of that collectivité
sees « adresse de la collectivité en erreur » on the claim and in the outbox (another gestionnaire does not)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from intake.mail.bounced import BOUNCED_LABEL, mark_bounced
from intake.mail.read import read_message
from intake.store.claims import Claim
from intake.store.outbox import OutboxMail, OutboxStatus
from web.conftest import login


def report_for(message_id: str, recipient: str, *, action: str = "failed") -> bytes:
    return (
        "From: MAILER-DAEMON@mx.collectivite.test\r\nTo: prestations@localhost\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <report-1@mx.collectivite.test>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        f"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.collectivite.test\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: 5.1.1\r\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: prestations@localhost\r\nTo: {recipient}\r\n"
        f"Message-ID: {message_id}\r\nSubject: Votre déclaration\r\n--B--\r\n"
    ).encode()


def _sent_reply(session, reference: str, to_addr: str, message_id: str) -> OutboxMail:
    claim = session.scalars(select(Claim).where(Claim.reference == reference)).one()
    row = OutboxMail(dedupe_key=f"test:{message_id}", claim_id=claim.id, collectivite_id=claim.collectivite_id,
                     kind="accuse_reception", to_addr=to_addr, from_addr="prestations@localhost", subject="Votre déclaration",
                     message_id_header=message_id, raw="", status=OutboxStatus.SENT, sent_at=datetime.now(timezone.utc))
    session.add(row)
    session.flush()
    return row


def test_a_report_marks_our_reply_bounced_and_the_gestionnaire_sees_it(desk, client) -> None:
    with desk.factory() as session:
        row = _sent_reply(session, desk.refs["draft"], "rh@mine.test", "<reply-1@localhost>")
        read = read_message(report_for("<reply-1@localhost>", "rh@mine.test"))
        marked = mark_bounced(session, read, message_row_id=None, settings=desk.settings)
        session.commit()
        assert [m.id for m in marked] == [row.id]
        assert row.status == OutboxStatus.BOUNCED
        assert row.last_error.startswith(BOUNCED_LABEL) and "User unknown" in row.last_error

    assert login(client, "gest@cdg.fr").status_code == 303
    claim_page = client.get(f"/sinistres/{desk.refs['draft']}")
    assert "Adresse de la collectivité en erreur" in claim_page.text and "User unknown" in claim_page.text
    outbox = client.get("/envois?status=bounced")
    assert BOUNCED_LABEL in outbox.text and desk.refs["draft"] in outbox.text

    client.cookies.clear()
    assert login(client, "autre@cdg.fr").status_code == 303
    assert desk.refs["draft"] not in client.get("/envois?status=bounced").text


def test_a_delay_notice_is_a_note_not_a_bounce(desk) -> None:
    with desk.factory() as session:
        row = _sent_reply(session, desk.refs["draft"], "rh@mine.test", "<reply-2@localhost>")
        read = read_message(report_for("<reply-2@localhost>", "rh@mine.test", action="delayed"))
        assert mark_bounced(session, read, message_row_id=None, settings=desk.settings) == []
        assert row.status == OutboxStatus.SENT and "delayed" in row.details


def test_an_ordinary_mail_quoting_our_id_marks_nothing(desk) -> None:
    with desk.factory() as session:
        row = _sent_reply(session, desk.refs["draft"], "rh@mine.test", "<reply-3@localhost>")
        person = (b"From: rh@mine.test\r\nTo: prestations@localhost\r\nSubject: Re: Votre declaration\r\n"
                  b"In-Reply-To: <reply-3@localhost>\r\n\r\nMerci, voici l'arret.\r\nMessage-ID: <reply-3@localhost>\r\n")
        assert mark_bounced(session, read_message(person), message_row_id=None, settings=desk.settings) == []
        assert row.status == OutboxStatus.SENT
