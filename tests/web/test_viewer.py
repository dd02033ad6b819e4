"""The page viewer: a field read on a piece keeps its page and word box through the pipeline to the claim,
and the box drawn on the page image the desk serves covers those words — on a text PDF, and on a scan fed
sideways that OCR turned upright (the image is served turned the same way). Checked by reading the pixels
inside the box with tesseract, not by trusting the coordinates."""

from __future__ import annotations

import io
import random
import re
import subprocess
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from PIL import Image
from sqlalchemy import select

from conftest import login
from corpus.documents import make_scan, make_text_pdf
from intake.mail.inbox import receive
from intake.pipeline.runner import drain
from intake.store.claims import Claim, ClaimMessage
from intake.store.models import Agent, Collectivite, EmailDomain


def free_agent(desk) -> tuple[Agent, str]:
    """An agent of the gestionnaire's collectivité without a claim of the desk fixture, and a sender domain."""
    with desk.factory() as session:
        coll = session.scalar(select(Collectivite).where(Collectivite.code == desk.mine))
        domain = session.scalar(select(EmailDomain.domain).where(EmailDomain.collectivite_id == coll.id))
        taken = [matricule for matricule, _name in desk.agents.values()]
        agent = session.scalars(select(Agent).where(Agent.collectivite_id == coll.id, Agent.matricule.not_in(taken),
                                                    Agent.nir.is_not(None)).order_by(Agent.matricule)).first()
        session.expunge(agent)
    return agent, domain


def arret_of(agent: Agent, *, seed: int) -> tuple[bytes, date, date]:
    start = date.today() - timedelta(days=2)
    end = start + timedelta(days=12)
    pdf = make_text_pdf("arret_travail", random.Random(seed), first_name=agent.first_name, last_name=agent.last_name,
                        birth_date=agent.birth_date, start=start, end=end,
                        sex=int(agent.nir[0]) if agent.nir[0] in "12" else 1, nir=agent.nir)
    return pdf, start, end


def send_with_piece(desk, agent: Agent, domain: str, piece: bytes, filename: str) -> str:
    """The declaration names the agent only; dates and NIR are on the piece. Returns the drafted reference."""
    message = EmailMessage()
    message["From"] = f"rh@{domain}"
    message["To"] = "prestations@localhost"
    message["Subject"] = f"Arrêt de travail {agent.last_name}"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(f"Bonjour,\n\nVeuillez trouver ci-joint l'avis d'arrêt de travail de {agent.first_name} "
                        f"{agent.last_name}.\n\nCordialement,\nLe service RH\n")
    message.add_attachment(piece, maintype="application", subtype="pdf", filename=filename)
    received = receive(desk.factory, desk.blobs, message.as_bytes(), source="ingest",
                       envelope_to=["prestations@localhost"])
    drain(desk.factory, desk.blobs, settings=desk.settings)
    with desk.factory() as session:
        return session.scalar(select(Claim.reference).join(ClaimMessage, ClaimMessage.claim_id == Claim.id)
                              .where(ClaimMessage.message_id == received.id))


def _ocr(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    return subprocess.run(["tesseract", "stdin", "stdout", "-l", "fra", "--psm", "6"], input=buffer.getvalue(),
                          capture_output=True, check=True, timeout=60).stdout.decode()


def text_in_box(client, html: str, field: str) -> str:
    """What the page image shows inside the field's box, as the claim page draws it (SVG viewBox over the image)."""
    figure = html.split(f'id="box-{field}"', 1)[0].rsplit("<figure", 1)[1]
    src = re.search(r'src="([^"]+\.png)"', figure).group(1)
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', figure).groups())
    rect = html.split(f'id="box-{field}"', 1)[1].split(">", 1)[0]
    x, y, w, h = (float(re.search(fr'\b{a}="([\d.]+)"', rect).group(1)) for a in ("x", "y", "width", "height"))
    response = client.get(src)
    assert response.status_code == 200, src
    image = Image.open(io.BytesIO(response.content))
    sx, sy = image.width / width, image.height / height
    crop = image.crop((int(x * sx), int(y * sy), int((x + w) * sx) + 1, int((y + h) * sy) + 1))
    crop = crop.resize((crop.width * 3, crop.height * 3))  # tesseract reads small print better enlarged
    return _ocr(crop)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def read_in_order(wanted: str, read: str) -> bool:
    """The wanted digits all read, in order: a form's one-digit boxes have edges OCR may read as « 1 »."""
    rest = iter(read)
    return all(c in rest for c in wanted)


def test_fields_read_on_a_text_pdf_are_boxed_on_its_page(client, desk) -> None:
    agent, domain = free_agent(desk)
    pdf, start, _end = arret_of(agent, seed=11)
    reference = send_with_piece(desk, agent, domain, pdf, "avis_arret.pdf")
    assert reference
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        places = {name: entry["place"] for name, entry in claim.provenance.items() if "place" in entry}
    assert {"nir", "arret_start"} <= places.keys(), claim.provenance
    assert places["nir"]["piece"] == "avis_arret.pdf" and places["nir"]["page"] == 1

    login(client, "gest@cdg.fr")
    html = client.get(f"/sinistres/{reference}").text
    assert 'href="#box-nir"' in html and "voir sur la pièce (page 1)" in html
    assert read_in_order(agent.nir[:13], digits(text_in_box(client, html, "nir")))
    assert read_in_order(start.strftime("%d%m%Y"), digits(text_in_box(client, html, "arret_start")))


def test_a_sideways_scan_is_shown_upright_with_its_boxes(client, desk) -> None:
    agent, domain = free_agent(desk)
    pdf, start, _end = arret_of(agent, seed=12)
    scan = make_scan(pdf, random.Random(5), rotation=90, skew=0.0, dpi=200)
    reference = send_with_piece(desk, agent, domain, scan, "scan.pdf")
    assert reference
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        document = claim.documents[0]
        assert document.ocr and document.pages and document.pages[0][0] in (90, 270)  # OCR turned it
        places = {name: entry["place"] for name, entry in claim.provenance.items() if "place" in entry}
    assert "arret_start" in places, claim.provenance

    login(client, "gest@cdg.fr")
    html = client.get(f"/sinistres/{reference}").text
    png = client.get(f"/pieces/{document.id}/page/0.png")
    shown = Image.open(io.BytesIO(png.content))
    assert shown.height > shown.width  # a portrait form, though the scanner stored it landscape
    assert read_in_order(start.strftime("%d%m%Y"), digits(text_in_box(client, html, "arret_start")))


def test_a_box_needs_its_piece_on_the_claim_and_a_sound_place() -> None:
    """No box rather than a wrong one: a piece moved to another claim, or a provenance without a usable place."""
    from intake.store.claims import Document
    from intake.web.viewer import source_boxes

    place = {"piece": "arret.pdf", "page": 1, "box": [100, 200, 300, 214], "size": [595.3, 841.9]}
    claim = Claim(provenance={"nir": {"words": "x", "place": place},
                              "arret_start": {"words": "x", "place": {**place, "box": [300, 200, 100, 214]}},
                              "arret_end": {"words": "x", "place": {**place, "size": [0, 0]}},
                              "date_survenance": {"words": "x", "place": {"piece": "arret.pdf"}},
                              "agent": {"reason": "x", "place": {**place, "piece": "ailleurs.pdf"}}},
                  documents=[Document(id=7, filename="arret.pdf")])
    boxes = source_boxes(claim)
    assert list(boxes) == ["nir"]
    nir = boxes["nir"]
    assert (nir.document_id, nir.page) == (7, 0) and nir.anchor == "box-nir"
    assert nir.x < 100 and nir.x + nir.width > 300 and nir.y < 200 and nir.y + nir.height > 214  # padded
