"""Hostile attachment names (traversal, absolute paths, NUL, bidi overrides, dots, huge): nothing is written
outside the data directory, the store is content-addressed, the desk shows the names escaped and serves
every piece as a download with safe headers, HTML and SVG never inline."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import select

from intake.store.claims import Claim
from intake.store.messages import Message
from intake.web.filenames import content_disposition, saved_name, shown_name
from security.conftest import MAILBOX

NAMES = [
    "../../etc/passwd", "/etc/passwd", "..\\..\\win.ini", "arret\x00.pdf.exe", "a" * 600 + ".pdf",
    "facture\u202efdp.exe", "..", "...", ".", "../../../../tmp/intake-evade.html", "C:\\Windows\\system.ini",
    "con.pdf", "RAW-CRLF.pdf",
]
# A name with CR LF, as an RFC 2231 parameter (the standard library refuses to write it, a forger does not).
CRLF = b"filename*=utf-8''rapport%0D%0AX-Injecte%3A%20oui.pdf"
HTML = b"<html><body><script>window.pwned=1</script><img src=x onerror=alert(1)></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def declaration() -> bytes:
    today = date.today()
    message = EmailMessage()
    message["From"] = "Service RH <rh@mairiebarjac.fr>"
    message["To"] = MAILBOX
    message["Subject"] = "Arrêt maladie de Mme RICHARD \u202egpj.exe"  # shown as "…exe.jpg" if left raw
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    message.set_content(f"Bonjour,\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie du "
                        f"{today - timedelta(days=2):%d/%m/%Y} au {today + timedelta(days=9):%d/%m/%Y}.\nCordialement")
    for i, name in enumerate(NAMES):
        message.add_attachment(b"%PDF-1.4\n% piece " + str(i).encode() + b"\n%%EOF\n", maintype="application",
                               subtype="pdf", filename=name)
    message.add_attachment(HTML, maintype="text", subtype="html", filename="<img src=x onerror=alert(1)>.html")
    message.add_attachment(SVG, maintype="image", subtype="svg+xml", filename="logo.svg")
    return message.as_bytes().replace(b'filename="RAW-CRLF.pdf"', CRLF)


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_nothing_is_written_outside_the_data_directory(intake, tmp_path, monkeypatch) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # a name joined to the working directory would land here
    data = Path(intake.settings.data_dir).resolve()
    before = {p for p in _tree(tmp_path) if data not in p.parents}
    passwd = os.stat("/etc/passwd")
    intake.exchange(declaration())

    with intake.factory() as session:
        [row] = session.scalars(select(Message)).all()
        assert row.status == "processed", row.last_error
        [claim] = session.scalars(select(Claim)).all()
        assert len(claim.documents) >= len(NAMES)
    after = {p for p in _tree(tmp_path) if data not in p.parents}
    # Outside the data directory only the SQLite database (and its journal) may change.
    assert {p.name for p in after - before} <= {"intake.db", "intake.db-journal", "intake.db-wal", "intake.db-shm"}
    assert list(cwd.iterdir()) == []
    assert os.stat("/etc/passwd").st_mtime_ns == passwd.st_mtime_ns
    assert not Path("/tmp/intake-evade.html").exists() and not Path("/win.ini").exists()
    # Inside it, only content-addressed blobs (and the PNG pages rendered from them) and the secret key.
    blob = re.compile(r"(\.tmp-\w+|[0-9a-f]{64}(\.page\d+\.png)?)")
    for path in _tree(data):
        relative = path.relative_to(data).parts
        assert relative == ("secret.key",) or (relative[0] == "blobs" and len(relative) == 4
                                               and blob.fullmatch(relative[3])
                                               and relative[3].startswith(relative[1] + relative[2])), relative


def test_the_desk_escapes_the_names_and_serves_safe_downloads(intake, desk_client) -> None:
    intake.exchange(declaration())
    with intake.factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        documents = [(d.id, d.filename, d.content_type) for d in claim.documents]
        reference, message_id = claim.reference, claim.documents[0].message_id
    page = desk_client.get(f"/sinistres/{reference}")
    assert page.status_code == 200
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;.html" in page.text
    assert "\u202e" not in page.text and "\x00" not in page.text
    message_page = desk_client.get(f"/messages/{message_id}")
    assert message_page.status_code == 200 and "\u202e" not in message_page.text and "<img src=x" not in message_page.text

    for ident, name, _content_type in documents:
        response = desk_client.get(f"/pieces/{ident}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/octet-stream"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in response.headers["content-security-policy"]
        disposition = response.headers["content-disposition"]
        match = re.fullmatch(r'attachment; filename="([A-Za-z0-9._ ()+-]+)"; filename\*=UTF-8\'\'([A-Za-z0-9%._~-]+)',
                             disposition)
        assert match, disposition
        saved = unquote(match[2])
        for shown in (match[1], saved):
            assert not re.search(r"[/\\\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]", shown), shown
            assert not shown.startswith(".") and len(shown.encode()) <= 255
        assert saved == saved_name(name)


def test_names_helpers() -> None:
    assert saved_name("../../etc/passwd") == "passwd" and saved_name("..\\..\\win.ini") == "win.ini"
    assert saved_name("..") == saved_name(".") == saved_name("") == "piece-jointe"
    assert saved_name("facture\u202efdp.exe") == "facturefdp.exe" and saved_name("a\x00b.pdf") == "ab.pdf"
    assert saved_name("con.pdf") == "_con.pdf"
    long = saved_name("é" * 600 + ".pdf")
    assert long.endswith(".pdf") and len(long) <= 150
    assert shown_name("facture\u202efdp.exe") == "facture\ufffdfdp.exe" and shown_name("") == "(sans nom)"
    assert content_disposition("Arrêt maladie.pdf") == (
        "attachment; filename=\"Arret maladie.pdf\"; filename*=UTF-8''Arr%C3%AAt%20maladie.pdf")
