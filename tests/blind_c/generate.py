"""Family C of the blind corpus: scenarios, writers, mail clients, the expected object and the tags.

    PYTHONPATH=tests .venv/bin/python -m blind_c.generate --seed 21 --n 300 --out /work/corp/c21

Each mail is a pure function of (seed, index): its truth is drawn first from its own random.Random, the mail
is then written from it. Nothing is labelled by reading text back.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from . import attach, mails, mime, registry
from . import frdates as F
from .mails import Att, Draft, Inner
from .registry import FIRST_F, FIRST_M, LAST, Coll, strip_accents
from .truth import Claim, draw_dates, pick_category, pick_nature
from .writing import PRIVATE, claim_sentence, first_person, name_text, pieces_line, separators, signature, third_person

OPTIONAL = {"accident_service": ["temoignage"], "accident_trajet": ["plan_trajet", "temoignage"],
            "longue_maladie": [], "maladie_professionnelle": []}
SCENARIOS = [("single", 40), ("multi", 7), ("fax", 4), ("spouse", 4), ("cdg_relay", 5), ("phone_note", 4),
             ("fwd_agent", 5), ("documents", 7), ("reply_request", 4), ("question", 5), ("ooo", 4), ("mdn", 2),
             ("bounce", 3), ("newsletter", 2), ("thanks", 2), ("invitation", 2)]
CDG_DOMAINS = ["cdg-exemple.fr", "cdg74-exemple.fr"]
PERSONAL = ["gmail.com", "hotmail.fr", "outlook.fr", "yahoo.fr", "orange.fr", "free.fr", "sfr.fr", "icloud.com"]


class Mail:
    def __init__(self, r: random.Random, idx: int, colls: list[Coll]):
        self.r, self.idx, self.colls = r, idx, colls
        self.tags: set[str] = set()
        self.claims: list[Claim] = []
        self.intent = "declaration"
        self.coll_expected: str | None = None
        self.used_names: set[str] = set()
        self.attachments: list = []  # pieces in attachment order
        day = date(2025, 1, 6) + timedelta(days=r.randint(0, 320))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)
        self.day = day
        self.when = datetime(day.year, day.month, day.day, r.randint(7, 18), r.randint(0, 59), r.randint(0, 59))

    # --- truth -------------------------------------------------------------------------------------------
    def pick_coll(self, with_domain: bool = False) -> Coll:
        pool = [c for c in self.colls if c.domains] if with_domain else self.colls
        return self.r.choice(pool)

    def new_claim(self, coll: Coll, category: str | None = None, nature: str | None = None,
                  exclude: list | None = None, documents: bool = False) -> Claim:
        r = self.r
        pool = [a for a in coll.agents if not exclude or all(a is not b.agent and a.display != b.agent.display for b in exclude)]
        agent = r.choice(pool)
        while not agent.exported and _exported_twin(agent, coll):
            # a new hire named like a registered agent: no text could tell them apart, so no label could be right
            agent = r.choice(pool)
        cat = category or pick_category(r, agent)
        while True:
            if (not agent.exported and _exported_twin(agent, coll)) or \
               (cat in ("longue_maladie", "longue_duree", "deces") and agent.regime != "CNRACL") or \
               (cat == "grave_maladie" and agent.regime != "IRCANTEC") or \
               (cat == "maternite" and agent.sex != "F") or (cat == "paternite" and agent.sex != "M"):
                agent = r.choice(pool)
                continue
            break
        nat = nature or pick_nature(r, cat)
        if cat == "temps_partiel_therapeutique":
            self.tags.add("_tpt")
        dd = draw_dates(r, cat, nat, self.day)
        c = Claim(agent, coll, cat, None if documents else nat, dd["surv"], None if documents else dd["start"],
                  None if documents else dd["end"], dd.get("initial_start"), dd.get("prev_end"))
        c.doc_start, c.doc_end = dd["start"], dd["end"]
        c.cause = r.choice(attach.pieces.CAUSES.get(cat, [""]))
        if cat == "maladie_ordinaire" and nat == "initial" and not documents and r.random() < 0.12:
            c.private_accident = r.choice(PRIVATE)
        if documents and cat in ("maladie_ordinaire",):
            raise ValueError
        self.tags |= {f"cat-{cat}", f"nature-{c.nature or 'none'}"}
        if not agent.exported:
            self.tags.add("new-hire")
        if registry.homonyms(agent, coll):
            self.tags.add("homonym")
        self.claims.append(c)
        return c

    def add_pieces(self, c: Claim, kinds: list[str] | None = None, p_each: float = 0.8, medium=None, mode=None):
        r = self.r
        if kinds is None:
            from .truth import MANDATORY
            need = [k.split("|")[r.randrange(2)] if "|" in k else k
                    for k in MANDATORY.get((c.category, c.nature or "initial"), [])]
            kinds = [k for k in need if r.random() < p_each]
            for k in OPTIONAL.get(c.category, []):
                if c.nature == "initial" and r.random() < 0.25:
                    kinds.append(k)
        for k in kinds:
            p = attach.make(r, c, k, self.day, self.used_names, medium, mode)
            c.pieces.append(p)
            self.attachments.append(p)
            self.tags |= p.tags

    # --- expected ----------------------------------------------------------------------------------------
    def expected(self, from_addr: str, mid: str) -> dict:
        claims = [c.expected() for c in self.claims] if self.intent in ("declaration", "documents") else []
        for c in self.claims:
            self.tags.add("nir-shown" if c.expected_nir() else "no-nir")
            if c.expected_agent() is None:
                self.tags.add("agent-null")
        return {"message_id": mid, "from": from_addr, "collectivite": self.coll_expected, "intent": self.intent,
                "claims": claims,
                "attachments": [{"filename": p.filename, "kind": p.kind, "ocr": p.ocr} for p in self.attachments]}


def _exported_twin(a, coll: Coll) -> bool:
    n = registry.norm
    return any(b is not a and b.exported and n(b.first) == n(a.first) and n(a.last) in (n(b.last), n(b.birth_last))
               for b in coll.agents)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def compose(r: random.Random, style: str, sentences: list[str], plines: str) -> str:
    body = " ".join(cap(s) for s in sentences)
    if style == "formal":
        return (f"Madame, Monsieur,\n\nJ'ai l'honneur de vous informer que {sentences[0]} "
                + " ".join(cap(s) for s in sentences[1:]) + f"\n\n{plines}\n\nJe vous prie d'agréer, Madame, "
                "Monsieur, l'expression de mes salutations distinguées.").replace("\n\n\n\n", "\n\n")
    if style == "oneline":
        greet = r.choice(["Bonjour,", "bonjour", "Bonjour Madame,"])
        end = r.choice(["merci de me dire s'il manque quelque chose, bonne journée", "bien cordialement",
                        "je reste à votre disposition, cordialement"])
        return f"{greet} {body} {plines} {end}".replace("  ", " ")
    return f"{r.choice(['Bonjour,', 'Bonjour à tous,', 'Madame, Monsieur,', 'Bonjour Madame, Monsieur,'])}\n\n{body}\n\n" \
           f"{plines}\n\n{r.choice(['Cordialement,', 'Bien cordialement,', 'Bonne journée,', 'Merci par avance,'])}"


def writer_of(r: random.Random, coll: Coll, kinds: tuple = ()) -> registry.Writer:
    ws = [w for w in coll.writers if not kinds or w.kind in kinds] or coll.writers
    return r.choice(ws)


def style_for(w: registry.Writer, coll: Coll, r: random.Random) -> str:
    if coll.kind == "petite_commune" and w.kind == "secretary":
        return "oneline"
    if w.kind in ("dgs", "director", "elu"):
        return r.choice(["formal", "formal", "plain"])
    return r.choice(["plain", "plain", "formal", "oneline"])


def subject_for(r: random.Random, claims: list[Claim], prefix: str = "") -> str:
    if not claims or r.random() < 0.08:
        return prefix + r.choice(["", "Documents", "Envoi", "Transmission", "(pas d'objet)"]).strip()
    c = claims[0]
    word = {"maladie_ordinaire": "Arrêt maladie", "accident_service": "Accident de service", "accident_trajet":
            "Accident de trajet", "maladie_professionnelle": "Maladie professionnelle", "longue_maladie": "CLM",
            "longue_duree": "CLD", "grave_maladie": "CGM", "maternite": "Congé maternité", "paternite": "Congé paternité",
            "adoption": "Congé adoption", "temps_partiel_therapeutique": "TPT", "deces": "Décès"}[c.category]
    if c.nature == "prolongation":
        word = "Prolongation " + word.lower()
    if c.nature == "rechute":
        word = "Rechute " + word.lower()
    if len(claims) > 1:
        return prefix + r.choice(["Arrêts de la semaine", "Récapitulatif des arrêts", f"Déclarations {F.MONTHS[claims[0].start.month - 1] if claims[0].start else ''}"])
    return prefix + r.choice([f"{word} {c.agent.last}", f"{word} - {c.agent.first} {c.agent.last}", word,
                              f"Déclaration {word.lower()}"])


# --- scenarios ---------------------------------------------------------------------------------------------

def _declaration_body(m: Mail, c: Claim, style: str, hurried: bool = False) -> str:
    r = m.r
    who = name_text(r, c, hurried) + separators(r, c)
    m.tags.add(f"name-{c.name_form}")
    s = claim_sentence(r, c, m.day, m.tags, who)
    return compose(r, style, [s], pieces_line(r, c))


def sc_single(m: Mail) -> tuple[Draft, str]:
    r = m.r
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    c = m.new_claim(coll)
    if r.random() > 0.15:
        m.add_pieces(c)
    else:
        m.tags.add("body-only")
    style = style_for(w, coll, r)
    m.tags |= {f"writer-{w.kind}", f"style-{style}"}
    if style != "oneline" and r.random() < 0.3 and c.category != "deces":
        body = _bullets(m, c)
        m.tags.add("style-bullets")
    else:
        body = _declaration_body(m, c, style, hurried=style == "oneline")
    dr = Draft(w.name, w.email, m.when, subject_for(r, [c]), body, signature(r, w.name, w.role, coll),
               attachments=_atts(m))
    if r.random() < 0.25:
        _quote_other(m, dr, coll)
    if r.random() < 0.1:
        dr.charset = r.choice(["iso-8859-1", "windows-1252"])
        m.tags.add("charset-" + dr.charset)
    return dr, r.choice(mails.CLIENTS)


def _bullets(m: Mail, c: Claim) -> str:
    r = m.r
    who = name_text(r, c) + separators(r, c)
    m.tags.add(f"name-{c.name_form}")
    st = F.pick_style(r, [c.surv] + ([c.start, c.end] if c.start else []), m.day, 0.1)
    motif = {"maladie_ordinaire": "maladie ordinaire", "accident_service": "accident de service",
             "accident_trajet": "accident de trajet", "maladie_professionnelle": "maladie professionnelle",
             "longue_maladie": "congé de longue maladie", "longue_duree": "congé de longue durée",
             "grave_maladie": "congé de grave maladie", "maternite": "congé de maternité",
             "paternite": "congé de paternité", "adoption": "congé d'adoption",
             "temps_partiel_therapeutique": "temps partiel thérapeutique"}[c.category]
    lines = [f"• Agent : {who}", f"• Motif : {motif}", "• Nature : " + {"initial": "arrêt initial", "prolongation":
                                                                          "prolongation", "rechute": "rechute"}[c.nature]]
    if c.category in ("accident_service", "accident_trajet"):
        lines.append(f"• Date de l'accident : {F.fmt(c.surv, st)}")
    if c.category == "maladie_professionnelle":
        lines.append(f"• Première constatation médicale : {F.fmt(c.surv, st)}")
    if c.nature == "prolongation":
        lines.append(f"• Date de l'arrêt initial : {F.fmt(c.initial_start, st)}")
    lines += [f"• Début : {F.fmt(c.start, st)}", f"• Fin : {F.fmt(c.end, st)}"]
    m.tags.add("date-" + st)
    return (f"{r.choice(['Bonjour,', 'Madame, Monsieur,'])}\n\nVeuillez trouver ci-dessous une déclaration :\n\n"
            + "\n".join(lines) + f"\n\n{pieces_line(r, c)}\n\nCordialement,")


def _atts(m: Mail) -> list[Att]:
    return [Att(p.filename, p.ctype, p.data) for p in m.attachments]


def _quote_other(m: Mail, dr: Draft, coll: Coll) -> None:
    """Top-posted reply quoting an older exchange about another agent (never a claim)."""
    r = m.r
    other = r.choice([a for a in coll.agents if all(a.display != c.agent.display for c in m.claims)])
    old = m.when - timedelta(days=r.randint(3, 40), hours=r.randint(0, 5))
    start = old.date() - timedelta(days=r.randint(1, 10))
    nir = f" (NIR {other.nir})" if r.random() < 0.4 else ""
    if r.random() < 0.5:
        body = (f"Bonjour,\n\nNous accusons réception de la déclaration concernant {other.civ} {other.first} "
                f"{other.last}{nir}, arrêt du {start:%d/%m/%Y}. Le dossier est complet.\n\nLe service prestations")
        inner = Inner("Service prestations", mails.MAILBOX, old, "Accusé de réception", body, to=dr.email)
    else:
        body = (f"Bonjour,\n\n{other.first} {other.last}{nir} est en arrêt du {start:%d/%m/%Y} au "
                f"{start + timedelta(days=r.randint(3, 20)):%d/%m/%Y}.\n\nCordialement")
        inner = Inner(dr.name, dr.email, old, f"Arrêt {other.last}", body)
    dr.quoted = inner
    dr.subject = "RE: " + inner.subject if r.random() < 0.5 else dr.subject
    m.tags.add("quote-other-agent")


def sc_multi(m: Mail) -> tuple[Draft, str]:
    r = m.r
    coll = r.choice([c for c in m.colls if len(c.agents) > 15])
    m.coll_expected = coll.code
    w = writer_of(r, coll, ("drh", "sdis_rh", "director", "dgs"))
    k = r.choice([2, 2, 3, 3, 4])
    claims: list[Claim] = []
    for _ in range(k):
        c = m.new_claim(coll, r.choice(["maladie_ordinaire"] * 3 + ["accident_service"]), exclude=claims)
        if c.category == "accident_service" and c.nature == "rechute":
            c.nature = "initial"
            dd = draw_dates(r, c.category, "initial", m.day)
            c.surv, c.start, c.end = dd["surv"], dd["start"], dd["end"]
        claims.append(c)
    m.tags |= {"multi-agent", f"writer-{w.kind}"}
    header = ["Nom", "Prénom", "Matricule", "Motif", "Arrêt initial / accident", "Du", "Au"]
    rows = [header]
    for c in claims:
        a = c.agent
        show_mat = a.exported and r.random() < 0.7
        c.mat_in_body = show_mat
        c.name_form = "table"
        motif = {"initial": "Maladie ordinaire", "prolongation": "Prolongation MO"}.get(c.nature, "") \
            if c.category == "maladie_ordinaire" else {"initial": "Accident de service",
                                                       "prolongation": "Prolongation AS"}[c.nature]
        ref = "—"
        if c.nature == "prolongation":
            ref = f"initial {c.initial_start:%d/%m/%Y}"
        if c.category == "accident_service":
            ref = f"accident {c.surv:%d/%m/%Y}"
        rows.append([a.last, a.first, a.matricule if show_mat else "", motif, ref, f"{c.start:%d/%m/%Y}",
                     f"{c.end:%d/%m/%Y}"])
        if r.random() < 0.6:
            kinds = ["arret_travail"] if c.category == "maladie_ordinaire" else \
                (["certificat_at_mp"] if c.nature == "prolongation" else ["declaration_accident", "certificat_at_mp"])
            m.add_pieces(c, kinds, mode=r.choice(["opaque", "descriptive"]))
    if r.random() < 0.5:
        body = (f"Bonjour,\n\nVoici le récapitulatif des arrêts de travail de la semaine pour {coll.name} :\n\n"
                "{TABLE}\n\nLes arrêts disponibles sont joints (un fichier par agent).\n\nCordialement,")
        m.tags.add("multi-table")
        table = rows
    else:
        items = []
        for row in rows[1:]:
            mat = f" (mat. {row[2]})" if row[2] else ""
            extra = f", {row[4]}" if row[4] != "—" else ""
            items.append(f"- {row[0]} {row[1]}{mat} : {row[3].lower()}{extra}, du {row[5]} au {row[6]}")
        body = "Bonjour,\n\nArrêts à déclarer :\n\n" + "\n".join(items) + "\n\nMerci,"
        table = None
        m.tags.add("multi-list")
    dr = Draft(w.name, w.email, m.when, subject_for(r, claims), body, signature(r, w.name, w.role, coll), table,
               _atts(m), html_only=table is not None and r.random() < 0.3)
    return dr, r.choice(["owa", "roundcube", "zimbra", "lotus", "apple"])


def sc_fax(m: Mail) -> tuple[Draft, str]:
    """A fax-to-mail server: no words, one faxed arrêt de travail."""
    r = m.r
    coll = m.pick_coll(with_domain=True)
    m.coll_expected = coll.code
    c = m.new_claim(coll, "maladie_ordinaire", r.choice(["initial", "initial", "prolongation"]))
    c.private_accident = ""
    m.add_pieces(c, ["arret_travail"], medium="fax", mode="opaque")
    c.name_form = "form"
    num = f"+33 4 {r.randint(50, 79)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"
    body = (f"Vous avez reçu une télécopie.\n\nExpéditeur : {num}\nReçue le : {m.when:%d/%m/%Y à %H:%M}\n"
            f"Pages : {1}\n\nCe message a été généré automatiquement par le serveur de télécopie.")
    m.tags |= {"scenario-fax", "writer-fax"}
    dr = Draft("Serveur fax", f"fax@{coll.domains[0]}", m.when, f"Fax reçu de {num}", body, attachments=_atts(m))
    return dr, "plainfwd"


def sc_spouse(m: Mail) -> tuple[Draft, str]:
    r = m.r
    coll = m.pick_coll()
    m.coll_expected = coll.code
    c = m.new_claim(coll, "maladie_ordinaire", "initial")
    a = c.agent
    sp_first = r.choice(FIRST_M if a.sex == "F" else FIRST_F)
    email = f"{strip_accents(sp_first).lower().replace(' ', '')}.{strip_accents(a.last).lower().replace(' ', '')}" \
            f"{r.randint(1, 99)}@{r.choice(PERSONAL)}"
    rel = "mon épouse" if a.sex == "F" else "mon mari"
    c.name_form = "civ_first_last"
    who = f"{a.first} {a.last}" + separators(r, c, 0.25, 0.2)
    s = third_person(r, c, m.day, m.tags)
    if r.random() < 0.85:
        m.add_pieces(c, ["arret_travail"], medium=r.choice(["photo", "photo", "scan", "pdf"]))
    body = (f"Bonjour,\n\nJe vous écris de la part de {rel}, {who}, qui travaille à {coll.name} ({coll.town}). "
            f"Elle ne peut pas le faire elle-même pour le moment. {cap(s)}\n\n"
            if a.sex == "F" else
            f"Bonjour,\n\nJe vous écris de la part de {rel}, {who}, qui travaille à {coll.name} ({coll.town}). "
            f"Il ne peut pas le faire lui-même pour le moment. {cap(s)}\n\n")
    body += ("Je joins l'arrêt de travail." if c.pieces else "Il vous enverra l'arrêt dès que possible.") + \
        f"\n\nMerci de votre compréhension,\n{sp_first} {a.last.title()}"
    m.tags |= {"writer-spouse", "unknown-sender", f"name-{c.name_form}"}
    dr = Draft(f"{sp_first} {a.last.title()}", email, m.when, r.choice(["Arrêt de travail", f"arrêt {a.first}",
                                                                          "Absence de mon conjoint"]), body,
               attachments=_atts(m))
    return dr, r.choice(["android", "apple", "yahoo", "proton"])


def sc_cdg_relay(m: Mail) -> tuple[Draft, str]:
    """A centre de gestion's gestionnaire relaying for a commune: the employer comes from the text."""
    r = m.r
    coll = m.pick_coll()
    m.coll_expected = coll.code
    c = m.new_claim(coll)
    if r.random() < 0.8:
        m.add_pieces(c)
    g_first = r.choice(FIRST_F)
    g_last = r.choice(LAST)
    dom = r.choice(CDG_DOMAINS)
    email = f"{strip_accents(g_first).lower().replace(' ', '')}.{strip_accents(g_last).lower().replace(' ', '')}@{dom}"
    m.tags |= {"writer-cdg", "unknown-sender"}
    if coll.writers and r.random() < 0.5:
        # forwards the commune's own mail, written hours earlier: no « hier » there
        m.tags.add("_norel")
        w = r.choice(coll.writers)
        inner_body = _declaration_body(m, c, style_for(w, coll, r)) + "\n\n" + signature(r, w.name, w.role, coll)
        inner = Inner(w.name, w.email, m.when - timedelta(hours=r.randint(2, 70)), subject_for(r, [c]), inner_body,
                      to=email)
        body = r.choice(["Bonjour,\n\nJe vous transmets pour traitement la déclaration reçue ce jour.\n\nBonne journée,",
                         "Pour le service prestations : déclaration d'une commune adhérente, voir ci-dessous.\n\nMerci,"])
        dr = Draft(f"{g_first} {g_last}", email, m.when, "TR: " + inner.subject, body,
                   f"{g_first} {g_last}\nGestionnaire carrières\nCentre de gestion", forwarded=inner,
                   attachments=_atts(m))
        m.tags.add("forward")
        return dr, r.choice(["lotus", "zimbra", "roundcube", "owa", "plainfwd"])
    who = name_text(r, c) + separators(r, c)
    m.tags.add(f"name-{c.name_form}")
    s = claim_sentence(r, c, m.day, m.tags, who)
    body = (f"Bonjour,\n\nPour le compte de {r.choice(['la collectivité', 'notre adhérent', 'l’employeur'])} "
            f"{coll.name} ({coll.cp} {coll.town}), qui n'a pas accès au portail, je vous déclare le dossier suivant : "
            f"{s}\n\n{pieces_line(r, c)}\n\nCordialement,")
    dr = Draft(f"{g_first} {g_last}", email, m.when, f"{coll.name} — " + subject_for(r, [c]), body,
               f"{g_first} {g_last}\nService carrières — assurance statutaire\nCentre de gestion de la fonction "
               f"publique territoriale", attachments=_atts(m))
    return dr, r.choice(["lotus", "zimbra", "roundcube", "owa"])


def sc_phone_note(m: Mail) -> tuple[Draft, str]:
    r = m.r
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    c = m.new_claim(coll, r.choice(["maladie_ordinaire", "maladie_ordinaire", "accident_service"]), "initial")
    who = name_text(r, c) + separators(r, c)
    m.tags |= {f"name-{c.name_form}", "style-phone-note", f"writer-{w.kind}"}
    s = claim_sentence(r, c, m.day, m.tags, who)
    body = (f"NOTE TÉLÉPHONIQUE\n\nDate de l'appel : {m.day:%d/%m/%Y}, {m.when:%H} h {m.when:%M}\n"
            f"Appelant : {r.choice(['le chef de service', 'l’agent lui-même', 'le responsable d’équipe'])}\n"
            f"Objet : absence\n\nMessage : {cap(s)} {r.choice(['Le certificat papier sera déposé en mairie.', 'Arrêt remis par l’agent ce matin, scanné ci-joint.', ''])}\n\n"
            "Note transmise pour déclaration.")
    if "scanné ci-joint" in body:
        m.add_pieces(c, ["arret_travail" if c.category == "maladie_ordinaire" else "certificat_at_mp"])
    dr = Draft(w.name, w.email, m.when, "Note tél. - " + subject_for(r, [c]), body, w.name, attachments=_atts(m))
    return dr, r.choice(mails.CLIENTS)


def sc_fwd_agent(m: Mail) -> tuple[Draft, str]:
    """The secretary forwards the agent's own mail (sent from a personal address)."""
    r = m.r
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    c = m.new_claim(coll, r.choice(["maladie_ordinaire", "maladie_ordinaire", "temps_partiel_therapeutique",
                                    "accident_trajet", "paternite"]))
    c.private_accident = ""
    a = c.agent
    email = f"{strip_accents(a.first).lower().replace(' ', '').replace('-', '')}{r.randint(10, 99)}@{r.choice(PERSONAL)}"
    c.name_form = "self"
    m.tags.add("_norel")
    sep = separators(r, c, 0.25, 0.0)
    s = first_person(r, c, m.day, m.tags)
    inner_body = f"Bonjour,\n\n{s}{' Mes références' + sep + '.' if sep else ''}\n\nBien à vous,\n{a.first} {a.last}"
    if r.random() < 0.8:
        m.add_pieces(c, medium=r.choice(["photo", "photo", "pdf", "scan"]))
    inner = Inner(f"{a.first} {a.last}", email, m.when - timedelta(hours=r.randint(1, 48)), subject_for(r, [c]),
                  inner_body, to=w.email)
    body = r.choice([f"Bonjour,\n\nJe vous transfère le message de l'agent, en arrêt.\n\n{r.choice(['Cordialement,', 'Merci,'])}",
                     "Pour déclaration, merci.", "Bonjour, ci-dessous le mail de notre agent. Bonne journée"])
    dr = Draft(w.name, w.email, m.when, r.choice(["TR: ", "Fwd: ", "Fw: ", "TR : "]) + inner.subject, body,
               signature(r, w.name, w.role, coll), forwarded=inner, attachments=_atts(m))
    m.tags |= {"forward", "agent-own-mail", f"writer-{w.kind}"}
    return dr, r.choice(mails.CLIENTS)


DOC_CATS = ["accident_service", "accident_trajet", "maladie_professionnelle", "longue_maladie", "longue_duree",
            "temps_partiel_therapeutique", "paternite", "deces"]


def _doc_claim(m: Mail, coll: Coll) -> Claim:
    r = m.r
    cat = r.choice(DOC_CATS)
    c = m.new_claim(coll, cat, "initial", documents=True)
    from .truth import MANDATORY
    need = [k for k in MANDATORY[(c.category, "initial")] if k != "arret_travail"]
    kinds = r.sample(need, r.randint(1, min(2, len(need))))
    if cat in ("accident_service", "accident_trajet") and r.random() < 0.3:
        kinds.append(r.choice(OPTIONAL[cat]))
    m.add_pieces(c, kinds)
    return c


def _doc_phrase(r: random.Random, c: Claim, day: date, who: str) -> str:
    st = F.pick_style(r, [c.surv], day)
    s = F.fmt(c.surv, st)
    return {"accident_service": f"l'accident de service de {who} du {s}",
            "accident_trajet": f"l'accident de trajet de {who} survenu le {s}",
            "maladie_professionnelle": f"la maladie professionnelle de {who} (première constatation médicale le {s})",
            "longue_maladie": f"le congé de longue maladie de {who}, en CLM depuis le {s}",
            "longue_duree": f"le congé de longue durée de {who} (CLD depuis le {s})",
            "temps_partiel_therapeutique": f"le temps partiel thérapeutique de {who}, en TPT depuis le {s}",
            "paternite": f"le congé de paternité de {who} qui a débuté le {s}",
            "deces": f"le dossier de capital décès de {who}, décédé(e) le {s}"}[c.category]


def sc_documents(m: Mail) -> tuple[Draft, str]:
    r = m.r
    m.intent = "documents"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    c = _doc_claim(m, coll)
    who = name_text(r, c) + separators(r, c, 0.2, 0.1)
    m.tags |= {f"name-{c.name_form}", "scenario-documents", f"writer-{w.kind}"}
    ph = _doc_phrase(r, c, m.day, who)
    body = r.choice([f"Bonjour,\n\nPour compléter le dossier concernant {ph}, veuillez trouver ci-joint les pièces "
                     "manquantes.\n\nCordialement,",
                     f"Bonjour,\n\nComme convenu, je vous adresse les documents relatifs {('au ' + ph[3:]) if ph.startswith('le ') else ('à ' + ph)}. Le dossier a déjà été "
                     "déclaré.\n\nBonne réception,",
                     f"Madame, Monsieur,\n\nEn complément de notre déclaration, vous trouverez en pièce jointe les "
                     f"justificatifs pour {ph}.\n\nSalutations distinguées."])
    dr = Draft(w.name, w.email, m.when, r.choice(["Pièces complémentaires", "Complément dossier", f"Dossier {c.agent.last}",
                                                   "Documents suite déclaration"]), body,
               signature(r, w.name, w.role, coll), attachments=_atts(m))
    return dr, r.choice(mails.CLIENTS)


def sc_reply_request(m: Mail) -> tuple[Draft, str]:
    """A reply to our own request for missing pieces, inline or top-posted."""
    r = m.r
    m.intent = "documents"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    c = _doc_claim(m, coll)
    who = name_text(r, c)
    m.tags |= {f"name-{c.name_form}", f"writer-{w.kind}"}
    ph = _doc_phrase(r, c, m.day, who)
    ref = f"{m.day.year}-{r.randint(100, 999):04d}"
    old = m.when - timedelta(days=r.randint(5, 40))
    from .truth import missing
    miss = missing(c.category, "initial", set())
    req_lines = [f"Nous avons enregistré le dossier n° {ref} concernant {ph}.", "Il nous manque les pièces suivantes :"] \
        + [f"- {k.replace('_', ' ')}" for k in miss]
    inner = Inner("Service prestations", mails.MAILBOX, old, f"Dossier {ref} - pièces manquantes",
                  "Bonjour,\n\n" + "\n".join(req_lines) + "\n\nCordialement,\nLe service prestations", to=w.email)
    attached = {p.kind for p in c.pieces}
    if r.random() < 0.5:
        pairs = [(f"Bonjour,\n\nNous avons enregistré le dossier n° {ref} concernant {ph}.\nIl nous manque les "
                  "pièces suivantes :", "")]
        for k in miss:
            pairs.append((f"- {k.replace('_', ' ')}", "Ci-joint." if k in attached else
                          r.choice(["Suivra la semaine prochaine.", "En attente de signature.", "Je relance le médecin."])))
        body = f"Bonjour,\n\nRéponses dans le texte ci-dessous ({ph}).\n\nCordialement,"
        dr = Draft(w.name, w.email, m.when, "RE: " + inner.subject, body, w.name, quoted=inner, inline_pairs=pairs,
                   attachments=_atts(m))
        m.tags.add("reply-inline")
    else:
        body = f"Bonjour,\n\nSuite à votre demande, voici les pièces pour {ph}.\n\nCordialement,"
        dr = Draft(w.name, w.email, m.when, "RE: " + inner.subject, body, signature(r, w.name, w.role, coll),
                   quoted=inner, attachments=_atts(m))
        m.tags.add("reply-top")
    return dr, r.choice(mails.CLIENTS)


def sc_question(m: Mail) -> tuple[Draft, str]:
    r = m.r
    m.intent = "question"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    a = r.choice(coll.agents)
    qs = [f"Bonjour,\n\nPouvez-vous me dire où en est le remboursement des indemnités de {a.civ} {a.first} {a.last}, "
          f"en arrêt depuis le {(m.day - timedelta(days=r.randint(20, 90))):%d/%m/%Y} ? Nous n'avons rien reçu.\n\nMerci,",
          "Bonjour,\n\nUn agent contractuel à 20 h par semaine relève-t-il de l'IRCANTEC pour la déclaration d'un "
          "congé de grave maladie ? Quelles pièces faut-il fournir ?\n\nCordialement,",
          f"Bonjour,\n\nDans quel délai devons-nous transmettre l'arrêt de prolongation de {a.first} {a.last} ? "
          "Le médecin ne l'a pas encore envoyé.\n\nMerci d'avance,",
          "Madame, Monsieur,\n\nNotre contrat couvre-t-il le temps partiel thérapeutique après un CLM ? "
          "Je ne trouve pas l'information dans les conditions particulières.\n\nRespectueusement,",
          "Bonjour, comment calcule-t-on la franchise sur un arrêt de maladie ordinaire qui chevauche deux mois ? "
          "merci"]
    body = r.choice(qs)
    if a.last in body:
        m.tags.add("question-names-agent")
    m.tags |= {"scenario-question", f"writer-{w.kind}"}
    dr = Draft(w.name, w.email, m.when, r.choice(["Question", "Renseignement", "Demande d'information",
                                                   "Question remboursement"]), body,
               signature(r, w.name, w.role, coll))
    return dr, r.choice(mails.CLIENTS)


def sc_ooo(m: Mail) -> tuple[Draft, str]:
    r = m.r
    m.intent = "auto_reply"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    back = m.day + timedelta(days=r.randint(3, 15))
    body = r.choice([f"Bonjour,\n\nJe suis absente du bureau jusqu'au {back:%d/%m/%Y} inclus. Pour toute urgence, "
                     f"merci de contacter l'accueil de {coll.name}.\n\nCordialement,",
                     f"Je suis actuellement en congés et reprendrai le {F.fmt(back, 'long_wd')}. Votre message ne sera "
                     "pas transféré.",
                     f"Message automatique : {w.name} est en arrêt de travail. Pour les questions RH, écrivez à "
                     f"l'adresse générique de la collectivité."])
    hdrs = []
    if r.random() < 0.6:
        hdrs.append(("Auto-Submitted", "auto-replied"))
    if r.random() < 0.4:
        hdrs.append(("X-Auto-Response-Suppress", "All"))
    m.tags |= {"scenario-ooo", "auto-reply"}
    if "arrêt de travail" in body:
        m.tags.add("ooo-mentions-arret")
    dr = Draft(w.name, w.email, m.when, r.choice(["Réponse automatique : ", "Absent(e) : ", "Absence du bureau - ",
                                                   "[Réponse automatique] "]) + r.choice(["Dossier 2025-0412",
                                                                                           "Relance pièces manquantes",
                                                                                           "Accusé de réception"]),
               body, extra_headers=hdrs)
    return dr, r.choice(["owa", "zimbra", "roundcube", "lotus"])


def raw_mdn(m: Mail) -> tuple[bytes, dict]:
    r = m.r
    m.intent = "auto_reply"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    orig = f"<{r.randint(10**9, 10**10)}@cdg-exemple.fr>"
    mid = f"<mdn.{m.idx}.{r.randint(10**6, 10**7)}@{w.email.split('@')[1]}>"
    human = mime.text(f"Ceci est un accusé de lecture pour le message envoyé au destinataire {w.email}.\n\n"
                      "Remarque : cet accusé de lecture indique seulement que le message a été affiché sur l'ordinateur "
                      "du destinataire.", "plain", "utf-8", "quoted-printable")
    disp = mime.Part("message/disposition-notification",
                     f"Reporting-UA: {w.email.split('@')[1]}; Thunderbird\nFinal-Recipient: rfc822;{w.email}\n"
                     f"Original-Message-ID: {orig}\nDisposition: manual-action/MDN-sent-manually; displayed\n".encode(),
                     [])
    top = mime.multipart("report", [human, disp], f"mdn_{m.idx}", '; report-type="disposition-notification"')
    headers = [("From", mime.addr(w.name, w.email)), ("To", mails.MAILBOX),
               ("Subject", mime.enc_header("Accusé de lecture : Dossier incomplet - relance")),
               ("Date", mails.rfc_date(m.when)), ("Message-ID", mid)]
    m.tags |= {"scenario-mdn", "auto-reply"}
    return mime.serialize(headers, top), {"from": w.email, "mid": mid}


def raw_bounce(m: Mail) -> tuple[bytes, dict]:
    r = m.r
    m.intent = "auto_reply"
    m.coll_expected = None
    coll = m.pick_coll()
    a = r.choice(coll.agents)
    dest = f"{strip_accents(r.choice(FIRST_F)).lower()}.old@{(coll.domains or ['orange.fr'])[0]}"
    mid = f"<bounce.{m.idx}.{r.randint(10**6, 10**7)}@mx2.cdg-exemple.fr>"
    human = mime.text(f"Votre message n'a pas pu être remis à {dest}.\n\nRaison : boîte aux lettres inexistante "
                      "(550 5.1.1 User unknown).\n\n-- Le serveur de messagerie", "plain", "utf-8", "8bit")
    status = mime.Part("message/delivery-status", f"Reporting-MTA: dns; mx2.cdg-exemple.fr\n\nFinal-Recipient: "
                       f"rfc822; {dest}\nAction: failed\nStatus: 5.1.1\n".encode(), [])
    orig_body = (f"Bonjour,\n\nNous accusons réception de l'arrêt de travail de {a.civ} {a.first} {a.last} du "
                 f"{(m.day - timedelta(days=r.randint(2, 20))):%d/%m/%Y}.\n\nLe service prestations")
    orig = mime.serialize([("From", mails.MAILBOX), ("To", dest), ("Subject", mime.enc_header(f"Accusé de réception - {a.last}")),
                           ("Date", mails.rfc_date(m.when - timedelta(minutes=2)))],
                          mime.text(orig_body, "plain", "utf-8", "quoted-printable"))
    top = mime.multipart("report", [human, status, mime.Part("message/rfc822", orig, [])], f"dsn_{m.idx}",
                         '; report-type="delivery-status"')
    headers = [("From", "Serveur de messagerie <MAILER-DAEMON@mx2.cdg-exemple.fr>"), ("To", mails.MAILBOX),
               ("Subject", mime.enc_header("Non remis : Accusé de réception - " + a.last)),
               ("Date", mails.rfc_date(m.when)), ("Message-ID", mid), ("Auto-Submitted", "auto-replied")]
    m.tags |= {"scenario-bounce", "auto-reply", "bounce-names-agent"}
    return mime.serialize(headers, top), {"from": "MAILER-DAEMON@mx2.cdg-exemple.fr", "mid": mid}


def sc_newsletter(m: Mail) -> tuple[Draft, str]:
    r = m.r
    m.intent = "other"
    m.coll_expected = None
    n = r.randint(20, 80)
    body = (f"LETTRE D'INFORMATION STATUTAIRE N° {n}\n\nAu sommaire :\n- Congé de longue maladie : ce qui change\n"
            "- Temps partiel thérapeutique : rappel de la procédure\n- Agenda : réunion des secrétaires de mairie\n\n"
            "Pour vous désabonner, cliquez ici.")
    m.tags |= {"scenario-newsletter"}
    dr = Draft("CDG — Information statutaire", f"info@{r.choice(['cdg73-exemple.fr', 'cdg01-exemple.fr'])}", m.when,
               f"Lettre d'information n° {n}", body, extra_headers=[("List-Unsubscribe", "<mailto:unsubscribe@cdg73-exemple.fr>"),
                                                                    ("Precedence", "bulk")])
    return dr, "roundcube"


def sc_thanks(m: Mail) -> tuple[Draft, str]:
    r = m.r
    m.intent = "other"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll)
    body = r.choice(["Merci beaucoup, bien reçu.", "Bonjour, merci pour votre retour rapide. Bonne journée",
                     "Parfait, merci ! Je transmets à l'agent."])
    m.tags |= {"scenario-thanks", f"writer-{w.kind}"}
    old = Inner("Service prestations", mails.MAILBOX, m.when - timedelta(days=1), "Votre dossier",
                "Bonjour,\n\nLe dossier est complet et a été transmis à l'assureur.\n\nLe service prestations",
                to=w.email)
    dr = Draft(w.name, w.email, m.when, "RE: Votre dossier", body, quoted=old)
    return dr, r.choice(mails.CLIENTS)


def sc_invitation(m: Mail) -> tuple[Draft, str]:
    r = m.r
    m.intent = "other"
    coll = m.pick_coll()
    m.coll_expected = coll.code
    w = writer_of(r, coll, ("dgs", "elu", "director"))
    body = (f"Bonjour,\n\n{coll.name} organise le {(m.day + timedelta(days=r.randint(10, 40))):%d/%m/%Y} une réunion "
            "d'information sur la prévention des risques professionnels. Vous êtes cordialement invités.\n\n"
            "Merci de confirmer votre présence.")
    m.tags |= {"scenario-invitation", f"writer-{w.kind}"}
    return Draft(w.name, w.email, m.when, "Invitation réunion prévention", body,
                 signature(r, w.name, w.role, coll)), r.choice(mails.CLIENTS)


BUILDERS = {"single": sc_single, "multi": sc_multi, "fax": sc_fax, "spouse": sc_spouse, "cdg_relay": sc_cdg_relay,
            "phone_note": sc_phone_note, "fwd_agent": sc_fwd_agent, "documents": sc_documents,
            "reply_request": sc_reply_request, "question": sc_question, "ooo": sc_ooo, "newsletter": sc_newsletter,
            "thanks": sc_thanks, "invitation": sc_invitation}


def make_mail(seed: int, idx: int, colls: list[Coll]) -> tuple[bytes, dict, list[str]]:
    r = random.Random(f"blind_c/{seed}/{idx}")
    m = Mail(r, idx, colls)
    scen = r.choices([s for s, _ in SCENARIOS], [w for _, w in SCENARIOS])[0]
    m.tags.add(f"scenario-{scen}")
    if scen in ("mdn", "bounce"):
        raw, info = (raw_mdn if scen == "mdn" else raw_bounce)(m)
        exp = m.expected(info["from"], info["mid"])
    else:
        dr, client = BUILDERS[scen](m)
        m.tags.add(f"client-{client}")
        if dr.forwarded and client == "plainfwd":
            m.tags.add("att-rfc822")
        raw, mid = mails.build(client, dr, r, idx)
        exp = m.expected(dr.email, mid)
    m.tags.add(f"intent-{m.intent}")
    if len(m.claims) > 1:
        m.tags.add("multi-agent")
    return raw, exp, sorted(t for t in m.tags if not t.startswith("_"))


def generate(seed: int, n: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    colls = registry.build(random.Random(f"blind_c/registry/{seed}"))
    reg = out / "registry"
    reg.mkdir(exist_ok=True)
    for name, text in registry.csvs(colls).items():
        (reg / name).write_text(text, encoding="utf-8")
    for i in range(1, n + 1):
        raw, exp, tags = make_mail(seed, i, colls)
        (out / f"{i:04d}.eml").write_bytes(raw)
        (out / f"{i:04d}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n",
                                                    encoding="utf-8")
        (out / f"{i:04d}.tags.json").write_text(json.dumps(tags, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)
    generate(a.seed, a.n, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
