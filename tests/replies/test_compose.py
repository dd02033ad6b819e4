"""Every reply kind rendered in text and HTML, as the message that will go to the relay."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from intake.mail.compose import compose, environment, render
from intake.mail.french import date_fr, euros
from intake.mail.read import read_message
from intake.mail.tokens import reference_from_address
from intake.replies.choose import ALL_KINDS, ReplyKind, ReplyPlan, choose_replies
from intake.rules import get_rules
from intake.settings import Settings
from replies.helpers import AGENT, COLLECTIVITE, NIR, SENDER, bodies, claim, facts, parsed

KEY = b"cle-des-tests"


@pytest.fixture(scope="module")
def rules():
    return get_rules()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, secret_key=KEY.decode(), mailbox="prestations@cdg-exemple.fr")


def one(plans) -> ReplyPlan:
    [plan] = plans
    return plan


def plan_of(kind: str, rules) -> ReplyPlan:
    """A plan of each kind, built the way choose_replies builds it."""
    documents = {"intent": "documents"}
    cases = {
        ReplyKind.ACCUSE_RECEPTION: facts(),
        ReplyKind.HORS_DELAI: facts(claim(hors_delai=True)),
        ReplyKind.NON_COUVERT: facts(claim(non_couvert=True, category="maternite")),
        ReplyKind.PRESCRIT: facts(claim(prescrit=True)),
        ReplyKind.AGENT_NON_IDENTIFIE: facts(claim(agent_identified=False, agent_name="Mme Lefebvre")),
        ReplyKind.PIECES_RECUES: facts(claim(missing=("enquete_administrative",),
                                             received=("declaration_accident",)), **documents),
        ReplyKind.DOSSIER_COMPLET: facts(claim(missing=(), complete=True, newly_complete=True,
                                               received=("enquete_administrative",)), **documents),
        ReplyKind.EXPEDITEUR_INCONNU: facts(sender_known=False, collectivite_name=None),
        ReplyKind.EXPEDITEUR_NON_AUTHENTIFIE: facts(sender_known=False, sender_unverified=True, collectivite_name=None),
        ReplyKind.REPONSE_QUESTION: facts(intent="question", claims=(), question="Quel délai pour les pièces ?"),
        ReplyKind.TRANSMIS_GESTIONNAIRE: facts(intent="question", claims=(), question="Rappelez-moi svp"),
        ReplyKind.DOSSIER_INCONNU: facts(claim(reference=None), unmatched=(
            {"agent": "BRUNET Virginie", "received": ["bulletin_salaire"]},), **documents),
        ReplyKind.PLUSIEURS_DOSSIERS: facts(claim(), claim(reference="SIN-2025-00413", agent_identified=False)),
        ReplyKind.REPRISE_ENREGISTREE: facts(claim(reprise=date(2025, 3, 22), missing=()), intent="other",
                                             recorded="reprise"),
        ReplyKind.REQUALIFICATION: facts(claim(category="longue_maladie", previous_category="maladie_ordinaire"),
                                         recorded="requalification"),
    }
    plan = one(choose_replies(cases[kind], rules))
    assert plan.kind == kind
    return plan


# What each kind must say, in both bodies (text and HTML).
EXPECTED = {
    ReplyKind.ACCUSE_RECEPTION: ["SIN-2025-00412", AGENT, "accident de service", "3 février 2025", "21 février 2025",
                                 "enquête administrative ou rapport hiérarchique", "6 mai 2025"],
    ReplyKind.HORS_DELAI: ["SIN-2025-00412", "après le délai de déclaration", "4 mai 2025", "6 mai 2025"],
    ReplyKind.NON_COUVERT: ["SIN-2025-00412", "n'est pas couverte", "maternité"],
    ReplyKind.PRESCRIT: ["SIN-2025-00412", "prescription biennale"],
    ReplyKind.AGENT_NON_IDENTIFIE: ["SIN-2025-00412", "NIR", "date de naissance", "Mme Lefebvre"],
    ReplyKind.PIECES_RECUES: ["SIN-2025-00412", "déclaration d'accident de service ou de trajet",
                              "enquête administrative ou rapport hiérarchique", "6 mai 2025"],
    ReplyKind.DOSSIER_COMPLET: ["SIN-2025-00412", "complet", "enquête administrative ou rapport hiérarchique"],
    ReplyKind.EXPEDITEUR_INCONNU: ["n'est pas enregistrée", "transmis à un gestionnaire"],
    ReplyKind.EXPEDITEUR_NON_AUTHENTIFIE: ["n'a pas pu vérifier", "transmis à un gestionnaire"],
    ReplyKind.REPONSE_QUESTION: ["90 jours", "relances"],
    ReplyKind.TRANSMIS_GESTIONNAIRE: ["transmis à un gestionnaire", COLLECTIVITE],
    ReplyKind.DOSSIER_INCONNU: ["aucun dossier en cours", "BRUNET Virginie", "bulletin de salaire"],
    ReplyKind.PLUSIEURS_DOSSIERS: ["Dossier SIN-2025-00412", AGENT, "Dossier SIN-2025-00413", "agent à identifier",
                                   "enquête administrative ou rapport hiérarchique", "6 mai 2025"],
    ReplyKind.REPRISE_ENREGISTREE: ["SIN-2025-00412", "reprise du travail le 22 mars 2025", "est enregistrée"],
    ReplyKind.REQUALIFICATION: ["SIN-2025-00412", "requalifié de maladie ordinaire (CMO) en congé de longue maladie (CLM)",
                                "premier jour"],
}


def unescape(html: str) -> str:
    return html.replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", '"')


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_renders_in_text_and_html_with_what_it_must_say(kind, rules, settings) -> None:
    mail = compose(plan_of(kind, rules), settings=settings, in_reply_to="<decl-77@mairie-saint-orens.fr>")
    text, html = bodies(mail.raw)
    assert html.lstrip().startswith("<!DOCTYPE html>")
    for needle in EXPECTED[kind]:
        assert needle in text, (kind, needle)
        assert needle in unescape(html), (kind, needle)
    assert "Madame, Monsieur" in text and "salutations distinguées" in text  # the shared layout
    assert "\n\n\n" not in text


def test_headers_of_a_reply(rules, settings) -> None:
    when = datetime(2025, 2, 10, 9, 30, tzinfo=timezone.utc)
    mail = compose(plan_of(ReplyKind.ACCUSE_RECEPTION, rules), settings=settings, now=when,
                   in_reply_to="<decl-77@mairie-saint-orens.fr>", references=["<old-1@mairie-saint-orens.fr>"])
    message = parsed(mail.raw)
    assert message["To"] == SENDER
    assert message["Subject"].startswith("[SIN-2025-00412] ")
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["In-Reply-To"] == "<decl-77@mairie-saint-orens.fr>"
    assert message["References"] == "<old-1@mairie-saint-orens.fr> <decl-77@mairie-saint-orens.fr>"
    assert message["Message-ID"] == mail.message_id and mail.message_id.endswith("@cdg-exemple.fr>")
    assert message["Date"] == "Mon, 10 Feb 2025 09:30:00 +0000"
    assert message.get_content_type() == "multipart/alternative"
    for header in ("From", "Reply-To"):
        address = message[header].addresses[0].addr_spec
        assert address == mail.from_addr
        assert reference_from_address(address, mailbox=settings.mailbox, key=KEY) == "SIN-2025-00412"
    assert mail.raw.isascii() and "\r\n" in mail.raw


def test_our_reply_is_read_as_automatic_by_our_own_reader(rules, settings) -> None:
    mail = compose(plan_of(ReplyKind.ACCUSE_RECEPTION, rules), settings=settings)
    assert read_message(mail.raw.encode()).automatic.automatic


def test_a_reply_without_a_claim_comes_from_the_plain_mailbox(rules, settings) -> None:
    mail = compose(plan_of(ReplyKind.TRANSMIS_GESTIONNAIRE, rules), settings=settings)
    assert mail.from_addr == "prestations@cdg-exemple.fr" and "[" not in mail.subject


def test_the_unknown_sender_reply_contains_no_personal_data(rules, settings) -> None:
    # Everything the message was about is known to the drafting stage; none of it may leak.
    full = facts(claim(nature="prolongation", received=("declaration_accident",)),
                 sender_known=False, collectivite_name=COLLECTIVITE, question=f"NIR {NIR}")
    mail = compose(one(choose_replies(full, rules)), settings=settings, in_reply_to="<x@y.fr>")
    text, html = bodies(mail.raw)
    everything = mail.raw + text + html
    for secret in (AGENT, "LEFEBVRE", "Aurélie", NIR, COLLECTIVITE, "SIN-2025", "accident", "prolongation",
                   "2025-02", "février", "mai 2025", "03/02", "déclaration d'accident"):
        assert secret not in everything, secret
    assert "+" not in mail.from_addr
    assert not re.search(r"\b\d{1,2} (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
                         r"novembre|décembre) \d{4}", text)


def test_agent_not_identified_never_names_a_candidate(rules, settings) -> None:
    # The drafting stage had candidates; the reply may only repeat the sender's own wording.
    plan = one(choose_replies(facts(claim(agent_identified=False, agent_name=None)), rules))
    text, html = bodies(compose(plan, settings=settings).raw)
    for body in (text, html):
        assert "NIR" in body and "date de naissance" in body
        assert AGENT not in body and "LEFEBVRE" not in body and "agent :" not in body.lower()
    assert "Agent</td>" not in html


def test_html_is_autoescaped_and_text_is_not(rules, settings) -> None:
    plan = one(choose_replies(facts(collectivite_name="Mairie <b>&</b> \"Lès-Bains\""), rules))
    rendered = render(plan, settings=settings)
    assert "Mairie &lt;b&gt;&amp;&lt;/b&gt;" in rendered.html and "<b>" not in rendered.html
    assert 'Mairie <b>&</b> "Lès-Bains"' in rendered.text


def test_header_injection_is_neutralised(rules, settings) -> None:
    evil = "Dupont\r\nBcc: espion@pirate.example\r\n\r\n<html>corps remplacé"
    plan = one(choose_replies(facts(claim(agent_name=evil), collectivite_name=evil), rules))
    attacked = ReplyPlan(plan.kind, plan.to, plan.claim_reference, plan.context)
    evil_settings = settings.model_copy(update={"mail_from_name": "Service\r\nBcc: espion@pirate.example"})
    mail = compose(attacked, settings=evil_settings,
                   in_reply_to="<a@b.fr>\r\nBcc: espion@pirate.example",
                   references=["<c@d.fr>\nX-Injecte: oui"])
    message = parsed(mail.raw)
    assert message["Bcc"] is None and message["X-Injecte"] is None
    assert "espion@pirate.example" not in "".join(f"{k}: {v}\n" for k, v in message.items()
                                                   if k.lower() not in ("from", "reply-to"))
    assert [a.addr_spec for a in message["From"].addresses] == [mail.from_addr]
    assert message["In-Reply-To"] == "<a@b.fr>" and message["References"] == "<c@d.fr> <a@b.fr>"
    with pytest.raises(ValueError):
        compose(ReplyPlan(plan.kind, f"{SENDER}\r\nBcc: espion@pirate.example", plan.claim_reference,
                          plan.context), settings=settings)
    with pytest.raises(ValueError):
        compose(ReplyPlan(plan.kind, f"{SENDER}, espion@pirate.example", plan.claim_reference, plan.context),
                settings=settings)


def test_templates_load_once_and_refuse_undefined_values(rules, settings) -> None:
    assert environment(settings.mail_templates_dir.resolve()) is environment(settings.mail_templates_dir.resolve())
    plan = plan_of(ReplyKind.ACCUSE_RECEPTION, rules)
    broken = ReplyPlan(plan.kind, plan.to, plan.claim_reference, {"collectivite": COLLECTIVITE})
    with pytest.raises(Exception, match="claim"):
        render(broken, settings=settings)


def test_french_dates_and_amounts() -> None:
    from datetime import date

    assert date_fr(date(2025, 3, 1)) == "1er mars 2025" and date_fr(date(2025, 12, 25)) == "25 décembre 2025"
    assert euros(90000) == "90\u202f000 €" and euros(7200.5) == "7\u202f200,50 €"


def test_long_message_ids_are_folded_never_encoded(rules, settings) -> None:
    # A Lotus Notes id of 84 characters was written « In-Reply-To: =?utf-8?q?=3COF0C…?= »: no client
    # threads on that. Ids are folded between ids (RFC 5322 §3.2.2), never encoded.
    lotus = "<OF0C1A2B3C.4D5E6F70-ONC1258A1B.0033F2A1-C1258A1B.00341234@mairie-saint-orens.fr>"
    assert len(lotus) >= 80
    others = [f"<thread-{n}-{'x' * 50}@mairie-saint-orens.fr>" for n in range(5)]
    mail = compose(plan_of(ReplyKind.ACCUSE_RECEPTION, rules), settings=settings, in_reply_to=lotus, references=others)
    head = mail.raw.split("\r\n\r\n", 1)[0].replace("\r\n ", "\n ")  # unfold-aware: one header an entry
    thread = [h for h in head.split("\r\n") if h.startswith(("In-Reply-To:", "References:"))]
    assert len(thread) == 2 and all("=?" not in h for h in thread)
    assert max(len(line) for line in mail.raw.split("\r\n")) <= 998
    read = read_message(mail.raw.encode())
    assert read.in_reply_to == [lotus]
    assert read.references == [*others, lotus]
