"""Writes the automatic-mail shapes of the awkward corpus (NAME.eml + NAME.expected.json).

Written for our tests in the shapes real servers, vacation programs, list managers and anti-spam
filters send (none copied from another project). Run from the repository root after a change:
    .venv/bin/python tests/mail/awkward/build_automatic.py
"""

from __future__ import annotations

import json
from email.header import Header
from pathlib import Path

HERE = Path(__file__).resolve().parent
US = "prestations@cdg-exemple.fr"
OURS = "<20260310091200.1234.intake@cdg-exemple.fr>"
DATE = "Tue, 10 Mar 2026 09:30:00 +0100"


def headers(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in pairs).encode("utf-8")


def simple(name: str, pairs: list[tuple[str, str]], body: str, *, charset: str = "utf-8", html: bool = False,
           prefix: bytes = b"") -> bytes:
    ctype = "text/html" if html else "text/plain"
    pairs = [*pairs, ("Date", DATE), ("Message-ID", f"<{name}@awkward.test>"), ("MIME-Version", "1.0"),
             ("Content-Type", f"{ctype}; charset={charset}"), ("Content-Transfer-Encoding", "8bit")]
    return prefix + headers(pairs) + b"\r\n" + body.replace("\n", "\r\n").encode(charset)


def returned(recipient: str) -> str:
    return (f"From: Prestations <{US}>\r\nTo: {recipient}\r\nSubject: Votre declaration\r\nMessage-ID: {OURS}\r\n"
            "Auto-Submitted: auto-replied\r\n")


def report(name: str, pairs: list[tuple[str, str]], human: str, status: str, *, report_type: str = "delivery-status",
           status_type: str = "message/delivery-status", returned_type: str = "text/rfc822-headers",
           recipient: str = "rh@commune-exemple.fr") -> bytes:
    pairs = [*pairs, ("Date", DATE), ("Message-ID", f"<{name}@awkward.test>"), ("MIME-Version", "1.0"),
             ("Content-Type", f'multipart/report; report-type={report_type}; boundary="RPT"')]
    body = (f"--RPT\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{human}\r\n"
            f"--RPT\r\nContent-Type: {status_type}\r\n\r\n{status}\r\n"
            f"--RPT\r\nContent-Type: {returned_type}\r\n\r\n{returned(recipient)}\r\n--RPT--\r\n")
    return headers(pairs) + b"\r\n" + body.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def dsn(action: str, code: str, diagnostic: str, recipient: str = "rh@commune-exemple.fr") -> str:
    return (f"Reporting-MTA: dns; mx.commune-exemple.fr\n\nFinal-Recipient: rfc822; {recipient}\nAction: {action}\n"
            f"Status: {code}\nDiagnostic-Code: smtp; {diagnostic}\n")


def jp(text: str) -> str:
    return Header(text, "iso-2022-jp").encode()


SHAPES: list[tuple[str, bytes, dict]] = []


def shape(name: str, raw: bytes, why: str, automatic: str | None, **more: object) -> None:
    SHAPES.append((name, raw, {"shape": why, "automatic": automatic, **more}))


# --- delivery reports -------------------------------------------------------------------------------
shape("bounce-postfix-dsn", report("bounce-postfix-dsn", [("From", "MAILER-DAEMON@mx.commune-exemple.fr (Mail Delivery System)"), ("To", US),
      ("Subject", "Undelivered Mail Returned to Sender")],
      "This is the mail system at host mx.commune-exemple.fr.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<rh@commune-exemple.fr>: host mx said: 550 5.1.1 <rh@commune-exemple.fr>: Recipient address rejected: User unknown",
      dsn("failed", "5.1.1", "550 5.1.1 User unknown")), "Postfix DSN (RFC 3464)", "delivery_report")
shape("bounce-post-master-550", simple("bounce-post-master-550", [("From", "post_master@mail.commune-exemple.fr"), ("To", US), ("Subject", "Returned mail")],
      "Your mail to rh@commune-exemple.fr could not be sent.\n\n550 - Requested action not taken: no such user here\n\n--- original message follows ---\nSubject: Votre declaration\n"),
      "a plain-text bounce from post_master@ (underscore) quoting a 550 no-such-user reply", "delivery_report")
shape("bounce-exim-plain", simple("bounce-exim-plain", [("From", "Mail Delivery System <Mailer-Daemon@mx.commune-exemple.fr>"), ("To", US),
      ("Subject", "Mail delivery failed: returning message to sender"), ("X-Failed-Recipients", "rh@commune-exemple.fr")],
      "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  rh@commune-exemple.fr\n    SMTP error from remote mail server after RCPT TO:<rh@commune-exemple.fr>:\n    550 5.1.1 User unknown\n\n------ This is a copy of the message, including all the headers. ------\n\n" + returned("rh@commune-exemple.fr").replace("\r\n", "\n")),
      "Exim plain-text bounce with X-Failed-Recipients", "delivery_report")
shape("bounce-exchange-non-remis", simple("bounce-exchange-non-remis", [("From", "Microsoft Outlook <postmaster@commune-exemple.fr>"), ("To", US),
      ("Subject", "Non remis : Votre declaration")],
      "<html><body><p>Votre message n'a pas pu être remis à rh@commune-exemple.fr.</p><p>La remise à ces destinataires ou groupes a échoué :</p>"
      "<p>rh@commune-exemple.fr<br>L'adresse de messagerie que vous avez entrée est introuvable.</p><p>Serveur de diagnostic : 550 5.1.10 RESOLVER.ADR.RecipientNotFound</p></body></html>", html=True),
      "Exchange « Non remis » in French, HTML only, no report part", "delivery_report")
shape("bounce-german", simple("bounce-german", [("From", "postmaster@gemeinde-beispiel.de"), ("To", US), ("Subject", "Unzustellbar: Ihre Nachricht")],
      "Ihre Nachricht konnte nicht zugestellt werden.\n\nEmpfänger: rh@gemeinde-beispiel.de\n550 5.1.1 Empfänger unbekannt (user unknown)\n"),
      "German bounce (Unzustellbar)", "delivery_report")
shape("bounce-japanese-no-reply", simple("bounce-japanese-no-reply", [("From", "no-reply@mail.example.jp"), ("To", US), ("Subject", jp("メール配送エラー：配信できませんでした"))],
      "以下の宛先へのメールは配信できませんでした。\n宛先が見つかりません: rh@example.jp\n", charset="iso-2022-jp"),
      "Japanese bounce from a no-reply address, ISO-2022-JP", "delivery_report")
shape("bounce-qmail", simple("bounce-qmail", [("From", "MAILER-DAEMON@mx.example.org"), ("To", US), ("Subject", "failure notice")],
      "Hi. This is the qmail-send program at mx.example.org.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<rh@example.org>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\n" + returned("rh@example.org").replace("\r\n", "\n")),
      "qmail failure notice", "delivery_report")
shape("bounce-delay-dsn", report("bounce-delay-dsn", [("From", "Mail Delivery Subsystem <mailer-daemon@relay.example.net>"), ("To", US),
      ("Subject", "Delivery Status Notification (Delay)")],
      "Delivery incomplete: there was a temporary problem delivering your message. We will retry for 48 hours.",
      dsn("delayed", "4.4.1", "421 4.4.1 Connection timed out")), "delay notice (temporary failure) in a DSN", "delivery_report")
shape("bounce-sendmail", simple("bounce-sendmail", [("From", "Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>"), ("To", US),
      ("Subject", "Returned mail: see transcript for details")],
      "The original message was received at Tue, 10 Mar 2026 09:12:00 +0100\nfrom localhost [127.0.0.1]\n\n   ----- The following addresses had permanent fatal errors -----\n<rh@example.com>\n    (reason: 550 5.1.1 <rh@example.com>... User unknown)\n\n   ----- Transcript of session follows -----\n... while talking to mx.example.com.:\n>>> RCPT To:<rh@example.com>\n<<< 550 5.1.1 <rh@example.com>... User unknown\n"),
      "sendmail transcript bounce", "delivery_report")
shape("bounce-lotus-notes", simple("bounce-lotus-notes", [("From", "Postmaster@notes.example.fr"), ("To", US), ("Subject", "DELIVERY FAILURE: User rh (rh@example.fr) not listed in Domino Directory")],
      "Your message\n\n  Subject: Votre declaration\n\nwas not delivered to:\n\n  rh@example.fr\n\nbecause:\n\n  User rh (rh@example.fr) not listed in Domino Directory\n"),
      "Lotus Notes DELIVERY FAILURE", "delivery_report")
shape("bounce-spanish", simple("bounce-spanish", [("From", "postmaster@ayuntamiento.example.es"), ("To", US), ("Subject", "Mensaje no entregado: Votre declaration")],
      "No se ha podido entregar el mensaje a rh@ayuntamiento.example.es.\n550 5.1.1 usuario desconocido: no such user\n"),
      "Spanish bounce", "delivery_report")
shape("bounce-italian", simple("bounce-italian", [("From", "postmaster@comune.example.it"), ("To", US), ("Subject", "Messaggio non recapitato: Votre declaration")],
      "Il messaggio non è stato recapitato a rh@comune.example.it.\n550 5.1.1 User unknown\n"),
      "Italian bounce", "delivery_report")
shape("bounce-dutch", simple("bounce-dutch", [("From", "postmaster@gemeente.example.nl"), ("To", US), ("Subject", "Onbestelbaar: Votre declaration")],
      "Uw bericht kon niet worden bezorgd.\n550 5.1.1 RESOLVER.ADR.RecipNotFound; not found\n"),
      "Dutch Exchange bounce (Onbestelbaar)", "delivery_report")
shape("bounce-orange-french", simple("bounce-orange-french", [("From", "Mailer-Daemon@orange.fr"), ("To", US), ("Subject", "Échec de la remise du message")],
      "Votre message n'a pas pu être distribué au destinataire suivant :\nrh@commune-exemple.fr : 550 5.1.1 adresse inconnue\n"),
      "French webmail bounce", "delivery_report")
shape("bounce-leading-blank-line", b"\r\n" + report("bounce-leading-blank-line", [("From", "MAILER-DAEMON@mx.commune-exemple.fr"), ("To", US),
      ("Subject", "Undelivered Mail Returned to Sender")], "I'm sorry to have to inform you that your message could not be delivered.",
      dsn("failed", "5.1.1", "550 5.1.1 User unknown")), "a DSN whose headers follow a blank line (a relay that writes one first)", "delivery_report",
      **{"from": "mailer-daemon@mx.commune-exemple.fr"})
shape("bounce-utf8-bom", b"\xef\xbb\xbf" + simple("bounce-utf8-bom", [("From", "MAILER-DAEMON@mx.example.org"), ("To", US), ("Subject", "Undeliverable: Votre declaration")],
      "Delivery has failed to these recipients or groups:\nrh@example.org\nThe e-mail address you entered couldn't be found.\n550 5.1.1 User unknown\n"),
      "a saved bounce starting with a UTF-8 byte-order mark", "delivery_report", **{"from": "mailer-daemon@mx.example.org"})
shape("bounce-gmail-dsn-global", report("bounce-gmail-dsn-global", [("From", "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"), ("To", US),
      ("Subject", "Delivery Status Notification (Failure)")], "Address not found\nYour message wasn't delivered to rh@example.com because the address couldn't be found.",
      dsn("failed", "5.1.1", "550-5.1.1 The email account that you tried to reach does not exist"), status_type="message/global-delivery-status",
      returned_type="message/rfc822"), "DSN with global delivery status and the whole returned message", "delivery_report")
shape("feedback-report-arf", report("feedback-report-arf", [("From", "Abuse Desk <abuse-report@isp.example.net>"), ("To", US),
      ("Subject", "Email Feedback Report for IP 192.0.2.1")], "This is an email abuse report for an email message received from IP 192.0.2.1.",
      "Feedback-Type: abuse\nUser-Agent: ExampleFBL/1.0\nVersion: 1\nOriginal-Rcpt-To: <rh@isp.example.net>\n", report_type="feedback-report",
      status_type="message/feedback-report"), "ARF feedback report (RFC 5965), multipart/report; report-type=feedback-report", "delivery_report")

# --- auto-replies, list managers, challenge-response ------------------------------------------------------
shape("autoreply-precedence-junk", simple("autoreply-precedence-junk", [("From", "Claire Martin <c.martin@commune-exemple.fr>"), ("To", US),
      ("Subject", "Re: Votre declaration"), ("Precedence", "junk")], "Je suis absente jusqu'au 20 mars inclus.\n"),
      "vacation answer marked only Precedence: junk, one line of absence", "auto_reply")
shape("autoreply-precedence-bulk-away", simple("autoreply-precedence-bulk-away", [("From", "j.roux@commune-exemple.fr"), ("To", US),
      ("Subject", "Absence du bureau : Votre declaration"), ("Precedence", "bulk")], "Absente, retour le 23/03.\n"),
      "out-of-office with Precedence: bulk", "auto_reply")
shape("autoreply-auto-submitted", simple("autoreply-auto-submitted", [("From", "drh@commune-exemple.fr"), ("To", US),
      ("Subject", "Accusé de réception"), ("Auto-Submitted", "auto-replied")], "Nous avons bien reçu votre message.\n"),
      "acknowledgement with Auto-Submitted (RFC 3834)", "auto_reply")
shape("autoreply-x-autoreply", simple("autoreply-x-autoreply", [("From", "accueil@commune-exemple.fr"), ("To", US),
      ("Subject", "Re: Votre declaration"), ("X-Autoreply", "yes")], "Merci pour votre message.\n"),
      "X-Autoreply header only", "auto_reply")
shape("autoreply-german", simple("autoreply-german", [("From", "k.weber@gemeinde-beispiel.de"), ("To", US),
      ("Subject", "Abwesenheitsnotiz: Votre declaration")], "Ich bin bis zum 20. März nicht im Büro.\n"),
      "German out-of-office (Abwesenheitsnotiz)", "auto_reply")
shape("autoreply-dutch", simple("autoreply-dutch", [("From", "p.devries@gemeente.example.nl"), ("To", US),
      ("Subject", "Afwezig: Votre declaration")], "Ik ben afwezig tot 20 maart.\n"), "Dutch out-of-office", "auto_reply")
shape("autoreply-italian", simple("autoreply-italian", [("From", "m.rossi@comune.example.it"), ("To", US),
      ("Subject", "Risposta automatica: Votre declaration")], "Sono assente fino al 20 marzo.\n"), "Italian automatic answer", "auto_reply")
shape("autoreply-spanish", simple("autoreply-spanish", [("From", "l.garcia@ayuntamiento.example.es"), ("To", US),
      ("Subject", "Respuesta automática: Votre declaration")], "Estoy fuera de la oficina hasta el 20 de marzo.\n"),
      "Spanish automatic answer", "auto_reply")
shape("autoreply-japanese", simple("autoreply-japanese", [("From", "tanaka@example.jp"), ("To", US), ("Subject", jp("自動応答: Votre declaration"))],
      "ただいま不在にしております。\n", charset="iso-2022-jp"), "Japanese automatic answer", "auto_reply")
shape("autoreply-english-ooo", simple("autoreply-english-ooo", [("From", "j.smith@council.example.uk"), ("To", US),
      ("Subject", "Automatic reply: Votre declaration")], "I am out of the office until 20 March with no access to e-mail.\n"),
      "Outlook's English automatic reply", "auto_reply")
shape("autoreply-leading-blank-line", b"\n\n" + simple("autoreply-leading-blank-line", [("From", "c.dupont@commune-exemple.fr"), ("To", US),
      ("Subject", "Réponse automatique : Votre declaration")], "Je suis en congés jusqu'au 23 mars.\n"),
      "out-of-office whose headers follow two blank lines", "auto_reply", **{"from": "c.dupont@commune-exemple.fr"})
shape("read-receipt", report("read-receipt", [("From", "rh@commune-exemple.fr"), ("To", US), ("Subject", "Lu : Votre declaration")],
      "Votre message a été lu.", "Reporting-UA: commune-exemple.fr; Outlook\nFinal-Recipient: rfc822;rh@commune-exemple.fr\nDisposition: manual-action/MDN-sent-manually; displayed\n",
      report_type="disposition-notification", status_type="message/disposition-notification"), "read receipt (MDN)", "auto_reply")
shape("list-mailman-moderation", simple("list-mailman-moderation", [("From", "agents-bounces@listes.commune-exemple.fr"), ("To", US),
      ("Subject", "Your message to Agents awaits moderator approval")],
      "Your mail to 'Agents' with the subject\n\n    Votre declaration\n\nIs being held until the list moderator can review it for approval.\n\nThe reason it is being held:\n\n    Post by non-member to a members-only list\n"),
      "Mailman moderation notice", "auto_reply")
shape("list-sympa-rejected", simple("list-sympa-rejected", [("From", "sympa@listes.commune-exemple.fr"), ("To", US),
      ("Subject", "Message refusé par la liste agents")],
      "Votre message pour la liste agents a été rejeté : vous n'êtes pas autorisé à envoyer des messages à cette liste.\n"),
      "Sympa rejection in French", "auto_reply")
shape("list-ezmlm-subscribers-only", simple("list-ezmlm-subscribers-only", [("From", "agents-help@lists.example.org"), ("To", US),
      ("Subject", "Re: Votre declaration")],
      "Hi! This is the ezmlm program. I'm managing the agents@lists.example.org mailing list.\n\nSorry, only subscribers may post to this list.\n"),
      "ezmlm subscribers-only refusal", "auto_reply")
shape("challenge-english", simple("challenge-english", [("From", "rh@commune-exemple.fr"), ("To", US), ("Subject", "Please confirm your message")],
      "This address is protected by ExampleGuard anti-spam.\nTo complete the delivery of your message, please click the link below to confirm you are a human:\nhttps://guard.example/confirm/abc\n"),
      "challenge-response filter (English)", "auto_reply")
shape("challenge-french", simple("challenge-french", [("From", "Mairie <contact@commune-exemple.fr>"), ("To", US), ("Subject", "Re: Arrêt de travail de M. Girard")],
      "Bonjour,\n\nAfin de valider votre message, merci de cliquer sur le lien ci-dessous pour confirmer que vous n'êtes pas un robot.\nVotre message est en attente de validation.\n\nhttps://filtre.example/valider\n"),
      "challenge-response filter in French quoting a declaration's subject", "auto_reply")

# --- persons' mail that must stay human -----------------------------------------------------------------
shape("person-from-postmaster", simple("person-from-postmaster", [("From", "Service informatique <postmaster@commune-exemple.fr>"), ("To", US),
      ("Subject", "Arrêt de travail de Mme Durand")],
      "Bonjour,\n\nJe gère la messagerie de la mairie et je vous transmets, à la demande du service RH, l'arrêt de travail de Mme Durand du 02/03 au 13/03.\n\nCordialement,\nLe service informatique\n"),
      "a person writing from postmaster@ an ordinary declaration", None)
shape("person-quoting-550", simple("person-quoting-550", [("From", "Claire Martin <c.martin@commune-exemple.fr>"), ("To", US),
      ("Subject", "Arrêt de M. Lefèvre")],
      "Bonjour,\n\nMon premier envoi m'est revenu avec l'erreur « 550 no such user », je vous le renvoie à la bonne adresse : arrêt de M. Lefèvre du 02/03 au 13/03.\n\nCordialement\n"),
      "a person who quotes a 550 error in her declaration", None)
shape("person-absent-next-week", simple("person-absent-next-week", [("From", "Claire Martin <c.martin@commune-exemple.fr>"), ("To", US),
      ("Subject", "Prolongation de M. Lefèvre")],
      "Bonjour,\n\nCi-joint la prolongation de M. Lefèvre. Je serai absente la semaine prochaine ; en cas d'urgence, contactez ma collègue.\n\nCordialement\n"),
      "a declaration speaking of the writer's own absence", None)
shape("person-with-bom", b"\xef\xbb\xbf" + simple("person-with-bom", [("From", "Paul Girard <p.girard@commune-exemple.fr>"), ("To", US),
      ("Subject", "Déclaration d'accident de service")], "Bonjour, voici la déclaration d'accident de service de M. Roux.\n"),
      "a person's mail saved with a UTF-8 byte-order mark", None, subject="Déclaration d'accident de service", **{"from": "p.girard@commune-exemple.fr"})
shape("person-auto-response-suppress", simple("person-auto-response-suppress", [("From", "rh@commune-exemple.fr"), ("To", US),
      ("Subject", "Arrêt de travail"), ("X-Auto-Response-Suppress", "All")], "Bonjour, ci-joint l'arrêt de travail de M. Blanc.\n"),
      "Outlook marks ordinary mail X-Auto-Response-Suppress", None)
shape("person-confirm-request", simple("person-confirm-request", [("From", "Claire Martin <c.martin@commune-exemple.fr>"), ("To", US),
      ("Subject", "Re: Pièces manquantes")],
      "Bonjour,\n\nPouvez-vous me confirmer la bonne réception de mon message d'hier et de l'arrêt de M. Lefèvre ?\n\nMerci\n"),
      "a person asking to confirm receipt (not a challenge)", None)


def main() -> None:
    for name, raw, expected in SHAPES:
        (HERE / f"{name}.eml").write_bytes(raw)
        (HERE / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(SHAPES)} shapes written")


if __name__ == "__main__":
    main()
