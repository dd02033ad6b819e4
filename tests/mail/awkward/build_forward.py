import base64
import io
from email.message import EmailMessage
from email.policy import SMTP

from fpdf import FPDF
from PIL import Image


def pdf(lines):
    p = FPDF()
    p.add_page()
    p.set_font("helvetica", size=14)
    for line in lines:
        p.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    p.set_creation_date(__import__("datetime").datetime(2026, 3, 1))
    return bytes(p.output())

inner = EmailMessage()
inner["From"] = "Paul Girard <p.girard@mairie-exemple.fr>"
inner["To"] = "rh@mairie-exemple.fr"
inner["Subject"] = "Arrêt de travail de M. Lefèvre"
inner["Date"] = "Mon, 02 Mar 2026 08:30:00 +0100"
inner["Message-ID"] = "<inner-fwd-1@mairie-exemple.fr>"
inner.set_content("Bonjour,\n\nVeuillez trouver ci-joint l'arrêt de travail de M. Lefèvre, agent des espaces verts,\ndu 02/03/2026 au 13/03/2026.\n\nCordialement,\nPaul Girard\n")
inner.add_attachment(pdf(["AVIS D'ARRET DE TRAVAIL", "Du 02/03/2026 au 13/03/2026"]), maintype="application", subtype="pdf", filename="arret-lefevre.pdf")
buf = io.BytesIO()
Image.new("RGB", (8, 8), "white").save(buf, "PNG")
inner.add_attachment(buf.getvalue(), maintype="image", subtype="png", filename="logo.png")
inner.add_attachment("Planning de mars\n".encode(), maintype="text", subtype="plain", filename="planning.txt")
inner.add_attachment("nom;service\nLefèvre;espaces verts\n".encode(), maintype="text", subtype="csv", filename="service.csv")
inner_bytes = inner.as_bytes(policy=SMTP)

body = (b"From: RH Mairie <rh@mairie-exemple.fr>\r\nTo: prestations@cdg-exemple.fr\r\nSubject: TR: Arret de travail\r\n"
        b"Date: Tue, 03 Mar 2026 10:00:00 +0100\r\nMessage-ID: <outer-fwd-1@mairie-exemple.fr>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"OUTER\"\r\n\r\n--OUTER\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Bonjour, je vous transf\xc3\xa8re le message ci-joint.\r\n\r\n--OUTER\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment\r\n\r\n" + base64.encodebytes(inner_bytes).replace(b"\n", b"\r\n") + b"--OUTER--\r\n")
open("forward-base64-rfc822.eml", "wb").write(body)

news = (b"From: Service RH <rh@commune-exemple.fr>\r\nTo: prestations@cdg-exemple.fr\r\nSubject: Message transmis\r\n"
        b"Date: Wed, 04 Mar 2026 11:00:00 +0100\r\nMessage-ID: <news-1@commune-exemple.fr>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"N\"\r\n\r\n--N\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir le message joint.\r\n"
        b"--N\r\nContent-Type: message/news\r\n\r\nFrom: Agent <agent@commune-exemple.fr>\r\nNewsgroups: local.rh\r\nSubject: Reprise le 16 mars\r\n"
        b"Message-ID: <inner-news-1@commune-exemple.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJe reprends mon poste le 16 mars \xc3\xa0 temps plein.\r\n--N--\r\n")
open("message-news-part.eml", "wb").write(news)
