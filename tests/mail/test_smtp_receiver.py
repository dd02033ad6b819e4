"""The SMTP receiver over real loopback SMTP: 250 only after commit, 451 on failure, 552 when too big."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.mail.inbox import inbox_for, receive
from intake.mail.smtp import SMTPReceiver
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from relay import free_port


@pytest.fixture
def receiver(settings_env):
    server = SMTPReceiver(inbox_for(settings_env), host="127.0.0.1", port=free_port(), max_bytes=200_000)
    server.start()
    yield server
    server.stop()


def mail(message_id: str = "<decl-1@mairie-exemple.fr>", body: str = "Bonjour,\nci-joint l'arrêt.\n") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Secrétariat <rh@mairie-exemple.fr>"
    message["To"] = "prestations@localhost"
    message["Subject"] = "Arrêt de travail de Mme Durand"
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def send(server: SMTPReceiver, message: EmailMessage, to: list[str] | None = None) -> None:
    with smtplib.SMTP(server.hostname, server.port, timeout=30) as client:
        client.send_message(message, to_addrs=to or ["prestations@localhost"])


def stored(settings) -> list[Message]:
    with get_sessionmaker(settings.database_url)() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def test_accepted_message_is_committed_with_its_raw_bytes(receiver, settings_env) -> None:
    send(receiver, mail())
    [row] = stored(settings_env)
    raw = FileBlobStore(settings_env.data_dir).get(row.sha256)
    assert b"Message-ID: <decl-1@mairie-exemple.fr>" in raw
    assert (row.status, row.source, row.from_addr) == ("received", "smtp", "rh@mairie-exemple.fr")
    assert row.subject == "Arrêt de travail de Mme Durand"


def test_the_same_message_twice_or_to_two_addresses_is_recorded_once(receiver, settings_env) -> None:
    send(receiver, mail())
    send(receiver, mail())
    other_copy = mail(body="Bonjour,\nci-joint l'arrêt.\n\n")  # same Message-ID, other bytes
    send(receiver, other_copy, to=["prestations@localhost", "Gestion@Localhost"])
    [row] = stored(settings_env)
    assert row.envelope_to == ["gestion@localhost", "prestations@localhost"]


def test_a_mailer_that_sends_unwrapped_lines_is_not_refused(receiver, settings_env) -> None:
    raw = ("From: rh@mairie-exemple.fr\r\nTo: prestations@localhost\r\nSubject: html\r\n"
           "Content-Type: text/html\r\n\r\n<p>" + "arr&ecirc;t " * 800 + "</p>\r\n").encode()
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=30) as client:
        client.sendmail("rh@mairie-exemple.fr", ["prestations@localhost"], raw)
    [row] = stored(settings_env)
    assert row.size == len(raw)


def test_oversized_message_gets_552_with_a_clear_text(receiver, settings_env) -> None:
    big = mail(body=("x" * 70 + "\n") * 4000)
    with pytest.raises(smtplib.SMTPSenderRefused) as announced:  # the client announced SIZE=
        send(receiver, big)
    assert announced.value.smtp_code == 552
    assert "trop volumineux" in announced.value.smtp_error.decode()
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=30) as client:  # no SIZE: refused after DATA
        client.ehlo()
        client.mail("rh@mairie-exemple.fr")
        client.rcpt("prestations@localhost")
        code, text = client.data(big.as_bytes(policy=SMTP_POLICY))
    assert code == 552 and "trop volumineux" in text.decode()
    assert stored(settings_env) == []


def test_a_database_failure_answers_451_and_writes_nothing(tmp_path: Path) -> None:
    unmigrated = f"sqlite:///{tmp_path / 'no-schema.db'}"  # no tables: every insert fails
    store = lambda raw, **kw: receive(get_sessionmaker(unmigrated), FileBlobStore(tmp_path), raw, **kw)  # noqa: E731
    server = SMTPReceiver(store, host="127.0.0.1", port=free_port(), max_bytes=200_000)
    server.start()
    try:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            send(server, mail())
    finally:
        server.stop()
    assert refused.value.smtp_code == 451


def test_message_without_message_id_is_kept_and_deduplicated_by_content(settings_env) -> None:
    store = inbox_for(settings_env)
    raw = b"From: a@b.fr\r\nSubject: =?utf-8?q?Arr=C3=AAt?=\r\n\r\ncorps\r\n"
    first, second = store(raw, source="ingest"), store(raw, source="ingest")
    assert not first.duplicate and second.duplicate and first.id == second.id
    [row] = stored(settings_env)
    assert row.message_id is None and row.subject == "Arrêt"


def test_raw_utf8_headers_and_a_byte_order_mark_are_stored_as_read(receiver, settings_env) -> None:
    # RFC 6532 headers (8-bit UTF-8, no encoded words) were stored « Arr\ufffd\ufffdt » in `messages`
    # while `intake parse` read them right; a BOM before the headers left the row without sender.
    raw = (b"\xef\xbb\xbfFrom: S\xc3\xb8ren \xc3\x98deg\xc3\xa5rd <Soren@Kommune.example.no>\r\nTo: prestations@localhost\r\n"
           b"Subject: Arr\xc3\xaat de travail de S\xc3\xb8ren\r\nMessage-ID: <utf8-headers@kommune.example.no>\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour.\r\n")
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=30) as client:
        client.sendmail("soren@kommune.example.no", ["prestations@localhost"], raw)
    [row] = stored(settings_env)
    assert (row.subject, row.from_addr, row.message_id) == (
        "Arrêt de travail de Søren", "soren@kommune.example.no", "<utf8-headers@kommune.example.no>")


def test_lines_over_a_thousand_characters_are_accepted_and_read_whole(receiver, settings_env) -> None:
    from intake.mail.read import read_message

    sentence = "Mme Durand est en arrêt de travail du 02/03 au 13/03. "
    line = sentence * 60 + "FIN"  # 3 300 characters on one line, as some mailers send unwrapped text
    raw = ("From: rh@mairie-exemple.fr\r\nTo: prestations@localhost\r\nSubject: long\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + line + "\r\n").encode()
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=30) as client:
        client.sendmail("rh@mairie-exemple.fr", ["prestations@localhost"], raw)
    [row] = stored(settings_env)
    read = read_message(FileBlobStore(settings_env.data_dir).get(row.sha256))
    assert read.new_text.count("arrêt de travail") == 60 and read.new_text.endswith("FIN")
def test_another_mail_reusing_a_message_id_is_stored_and_processed(receiver, settings_env) -> None:
    """Issue 16: office scanners reuse Message-IDs. A second, different mail with the id of the first was
    acknowledged (250) and dropped as a duplicate; a duplicate is the same id and the same content."""
    send(receiver, mail("<scan@copieur.mairie-exemple.fr>", body="Bonjour,\nune question sur les délais.\n"))
    send(receiver, mail("<scan@copieur.mairie-exemple.fr>", body="Bonjour,\nci-joint la déclaration d'accident.\n"))
    resent = mail("<scan@copieur.mairie-exemple.fr>", body="Bonjour,\nci-joint la déclaration d'accident.\n")
    resent["Received"] = "from relais.mairie-exemple.fr by mx1.cdg-exemple.fr; Mon, 1 Dec 2026 10:00:00 +0100"
    send(receiver, resent)  # the same mail again by another path: one more trace header, still a duplicate
    rows = stored(settings_env)
    assert len(rows) == 2 and [r.message_id for r in rows] == ["<scan@copieur.mairie-exemple.fr>"] * 2
    bodies = [FileBlobStore(settings_env.data_dir).get(r.sha256) for r in rows]
    assert b"question" in bodies[0] and b"accident" in bodies[1]
    from intake.pipeline.runner import drain

    assert drain(get_sessionmaker(settings_env.database_url), FileBlobStore(settings_env.data_dir),
                 settings=settings_env) == 2
    assert [r.status for r in stored(settings_env)] == ["processed", "processed"]


def test_only_the_mailbox_domain_is_accepted_as_recipient(settings_env, monkeypatch) -> None:
    """Issue 16: the receiver `intake serve` starts took mail for any domain (2 000 RCPT TO stored). Built
    as serve builds it, it answers 550 for other domains and stores nothing for them."""
    from intake.mail.smtp import mailbox_domains

    monkeypatch.setattr(settings_env, "mailbox", "prestations@cdg-exemple.fr")
    server = SMTPReceiver(inbox_for(settings_env), host="127.0.0.1", port=free_port(), max_bytes=200_000,
                          domains=mailbox_domains(settings_env))
    server.start()
    try:
        with smtplib.SMTP(server.hostname, server.port, timeout=30) as client:
            client.ehlo()
            client.mail("rh@mairie-exemple.fr")
            for outsider in ("victime@ailleurs.example", "prestations@cdg-exemple.fr.pirate.example",
                             "x@sous.cdg-exemple.fr"):
                code, text = client.rcpt(outsider)
                assert code == 550 and b"Destinataire inconnu" in text
            assert client.rcpt("prestations+sin-2026-00001.abc@CDG-Exemple.fr")[0] == 250
            assert client.rcpt("prestations@cdg-exemple.fr")[0] == 250
            code, _ = client.data(mail().as_bytes(policy=SMTP_POLICY))
            assert code == 250
        with smtplib.SMTP(server.hostname, server.port, timeout=30) as client:
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                client.sendmail("rh@mairie-exemple.fr", ["victime@ailleurs.example"], b"Subject: x\r\n\r\nx\r\n")
    finally:
        server.stop()
    [row] = stored(settings_env)
    assert row.envelope_to == ["prestations+sin-2026-00001.abc@cdg-exemple.fr", "prestations@cdg-exemple.fr"]
