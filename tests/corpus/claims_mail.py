"""Senders, signatures and whole mails of the claims corpus, and the mails that carry no claim (question, other, auto)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import format_datetime

from corpus.claims_dates import say_date
from corpus.claims_docs import Attachment
from corpus.claims_mime import build
from corpus.claims_names import FIRST_F, FIRST_M, LAST, PROVIDERS, fold, strip_accents, title_name
from corpus.claims_people import say_name
from corpus.claims_text import DISCLAIMER, OOO, OPENING_HOURS, OTHERS, QUESTIONS, TITLES
from corpus.mails import leaf, message, multipart, text_leaf


@dataclass
class Sender:
    address: str  # lower case, as contract.md's "from"
    name: str | None  # display name
    employer: str  # the employer the mail is about
    collectivite: str | None  # what intake should find
    kind: str  # domain | contact | named | anonymous | external | daemon
    first: str = ""
    last: str = ""


@dataclass
class Mail:
    raw: bytes
    message_id: str
    sender: Sender
    attachments: list[Attachment] = field(default_factory=list)


def _local(first: str, last: str) -> str:
    return f"{fold(first).lower().replace(' ', '-')}.{fold(last).lower().replace(' ', '')}"


def choose_sender(ctx, code: str, *, allow_anonymous: bool = True, own_only: bool = False) -> Sender:
    """own_only: a mail that names no employer in its text (an out-of-office) must come from a registered address."""
    rng = ctx.rng
    e = ctx.registry.employer(code)
    sex = rng.choice([1, 2])
    first, last = rng.choice(FIRST_F if sex == 2 else FIRST_M), rng.choice(LAST)
    weights = {"own": 84, "named": 0 if own_only else 12, "anonymous": 4 if allow_anonymous else 0}
    kind = rng.choices(list(weights), weights=list(weights.values()))[0]
    shown = rng.choice([f"{first} {last}", f"{last} {first}", f"{first} {title_name(last)}", e.name, None])
    if kind == "own" and e.domains and (not e.contacts or rng.random() < 0.7):
        local = rng.choice(["rh", "secretariat", "paie", "drh", "ressources.humaines", "personnel", "accueil", _local(first, last),
                            f"{fold(first)[0].lower()}.{fold(last).lower().replace(' ', '')}"])
        ctx.tags.add("own-domain")
        return Sender(f"{local}@{rng.choice(e.domains)}", shown, code, code, "domain", first, last)
    if kind == "own" and e.contacts:
        ctx.tags.add("shared-domain")
        return Sender(rng.choice(e.contacts), rng.choice([shown, e.name, None]), code, code, "contact", first, last)
    if kind == "own":
        ctx.tags.add("own-domain")
        return Sender(f"rh@{e.domains[0]}", shown, code, code, "domain", first, last)
    address = f"{_local(first, last)}{rng.choice(['', str(rng.randint(1, 99))])}@{rng.choice(PROVIDERS)}"
    ctx.tags.add("unknown-sender")
    if kind == "named":
        return Sender(address, f"{first} {last}", code, code, "named", first, last)
    ctx.tags.add("unknown-employer")
    return Sender(address, f"{first} {last}", code, None, "anonymous", first, last)


def employer_words(name: str, rng: random.Random) -> str:
    """The employer's name as a secretary types it: as registered, in lower case, without accents, 'commune de'."""
    forms = [name, name, strip_accents(name)]
    if name.split(" ")[0] in ("Mairie", "Commune", "Syndicat", "Communauté"):
        forms.append(name[0].lower() + name[1:])
    if name.startswith("Mairie "):
        forms.append("Commune " + name[len("Mairie "):])
    return rng.choice(forms)


def signature(ctx, sender: Sender) -> str:
    rng = ctx.rng
    lines = [f"{sender.first} {rng.choice([sender.last, title_name(sender.last)])}", rng.choice(TITLES)]
    if sender.kind != "anonymous":
        e = ctx.registry.employer(sender.employer)
        lines += [employer_words(e.name, rng), f"{rng.randint(1, 40)} place de l'Hôtel de ville", e.commune.upper()]
    lines.append(f"Tél. : 04 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
    if rng.random() < 0.25:
        lines.append(rng.choice(OPENING_HOURS))
    text = ("-- \n" if rng.random() < 0.4 else "") + "\n".join(lines)
    if rng.random() < 0.15:
        text += "\n\n" + DISCLAIMER
    return text


def assemble(ctx, sender: Sender, subject: str, text: str, attachments: list[Attachment],
             extra_headers: dict[str, str] | None = None) -> Mail:
    rng = ctx.rng
    seen: set[str] = set()
    for a in attachments:  # two scans of one scanner session may share a name; a mail's file names differ
        stem, dot, ext = a.filename.rpartition(".")
        n = 2
        while a.filename.lower() in seen:
            a.filename = f"{stem} ({n}).{ext}" if dot else f"{a.filename} ({n})"
            n += 1
        seen.add(a.filename.lower())
    domain = sender.address.split("@")[1]
    message_id = rng.choice([f"<{ctx.sent:%Y%m%d%H%M%S}.{rng.randint(10000, 99999)}.{rng.getrandbits(24):06x}@{domain}>",
                             f"<{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-{rng.getrandbits(16):04x}-{rng.getrandbits(48):012x}@{domain}>"])
    layout = rng.choices(["plain", "alternative", "html"], weights=[55, 30, 15])[0]
    charset = rng.choices(["utf-8", "iso-8859-1", "windows-1252"], weights=[60, 25, 15])[0]
    ctx.tags.update({layout if layout != "html" else "html-only", charset})
    raw = build(sender_name=sender.name, sender=sender.address, subject=subject, sent=ctx.sent, message_id=message_id,
                text=text, attachments=[(a.filename, a.data, a.ctype) for a in attachments], rng=rng, layout=layout,
                charset=charset, extra_headers=extra_headers)
    return Mail(raw, message_id, sender, attachments)


def _agent_words(ctx, code: str) -> str:
    agent = ctx.rng.choice(ctx.registry.agents_of(code))
    return say_name(agent.first_name, agent.last_name, agent.sex, ctx.rng, ctx.rng.choice(["civ_first_upper", "civ_upper_first"]))


def write_no_claim(ctx, intent: str) -> Mail:
    rng = ctx.rng
    code = rng.choice(ctx.registry.employers).code
    when, _ = say_date(ctx.day - timedelta(days=rng.randint(5, 60)), rng, ctx.day, weekday=False)
    if intent == "question":
        sender = choose_sender(ctx, code)
        body = rng.choice(QUESTIONS).format(who=_agent_words(ctx, code), date=when)
        text = f"{rng.choice(['Bonjour,', 'Madame, Monsieur,'])}\n\n{body}\n\n{rng.choice(['Merci par avance.', 'Cordialement,'])}\n\n{signature(ctx, sender)}"
        return assemble(ctx, sender, rng.choice(["Question", "Renseignement", "Question sur le contrat", "Demande d'information"]), text, [])
    if intent == "other":
        subject, body = rng.choice(OTHERS)
        later, _ = say_date(ctx.day + timedelta(days=rng.randint(5, 40)), rng, ctx.day, weekday=False)
        body = body.format(n=rng.randint(10, 90), date=later)
        if subject in ("Merci", "Changement d'adresse", "Invitation réunion des secrétaires de mairie", "Compte rendu"):
            sender = choose_sender(ctx, code, allow_anonymous=False)
            return assemble(ctx, sender, subject, f"{body}\n\n{signature(ctx, sender)}", [])
        ctx.tags.add("external")
        address = rng.choice(["newsletter@rh-territoriale-info.fr", "no-reply@promo-bureau.fr", "support@secure-verif-mail.com"])
        sender = Sender(address, rng.choice(["La Lettre RH territoriale", "Service client", None]), code, None, "external")
        return assemble(ctx, sender, subject, body, [], {"List-Unsubscribe": "<https://example.invalid/u>"} if rng.random() < 0.5 else None)
    # auto_reply
    if rng.random() < 0.7:
        sender = choose_sender(ctx, code, allow_anonymous=False, own_only=True)
        a, b = ctx.day, ctx.day + timedelta(days=rng.randint(2, 20))
        body = rng.choice(OOO).format(a=a.strftime("%d/%m/%Y"), b=b.strftime("%d/%m/%Y"))
        subject = rng.choice(["Réponse automatique : RE: Relance pièces justificatives", "Absence du bureau", "Out of Office: Relance",
                              "Message d'absence", "Automatic reply: Dossier en cours"])
        headers = rng.choice([{"Auto-Submitted": "auto-replied"}, {"X-Autoreply": "yes", "Precedence": "auto_reply"}, {}])
        ctx.tags.add("ooo")
        return assemble(ctx, sender, subject, body, [], headers)
    return _bounce(ctx, code)


def _bounce(ctx, code: str) -> Mail:
    rng = ctx.rng
    host = rng.choice(["mx1.cdg-exemple.fr", "smtp.orange.fr", "mail.laposte.net"])
    sender = Sender(f"mailer-daemon@{host}", "Mail Delivery System", code, None, "daemon")
    message_id = f"<{rng.getrandbits(40):010x}@{host}>"
    original = (f"From: Service prestations <prestations@cdg-exemple.fr>\nTo: rh@ancienne-adresse.fr\nSubject: Relance\n"
                f"Message-ID: <relance.{rng.randint(1, 999)}@cdg-exemple.fr>\n").encode()
    status = b"Reporting-MTA: dns; " + host.encode() + b"\n\nFinal-Recipient: rfc822; rh@ancienne-adresse.fr\nAction: failed\nStatus: 5.1.1\n"
    human = rng.choice(["Votre message n'a pas pu être remis au destinataire : adresse introuvable.",
                        "This is the mail system. I'm sorry to have to inform you that your message could not be delivered."])
    body = multipart("report", [text_leaf(human, "utf-8"), leaf("message/delivery-status", status), leaf("text/rfc822-headers", original)],
                     rng, params='; report-type="delivery-status"')
    headers = {"From": f"Mail Delivery System <{sender.address}>", "To": "prestations@cdg-exemple.fr",
               "Subject": rng.choice(["Undelivered Mail Returned to Sender", "Non remis : Relance"]),
               "Date": format_datetime(ctx.sent), "Message-ID": message_id, "Auto-Submitted": "auto-replied"}
    ctx.tags.add("dsn")
    return Mail(message(headers, body), message_id, sender, [])
