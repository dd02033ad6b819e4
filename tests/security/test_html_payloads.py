"""Hostile HTML in a mail's body, subject, sender name and attachment names, shown on the claim page, the
message page and the lists in headless Chromium: nothing runs, nothing is fetched, every page has a CSP."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from intake.store.claims import Claim
from intake.store.messages import Message
from relay import free_port
from running import CHROMIUM, CHROMIUM_ARGS, desk_server
from security.conftest import MAILBOX, PASSWORD

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)  # the browser path is one


class Beacon(ThreadingHTTPServer):
    """A loopback HTTP server that records every request: a payload that runs or loads anything hits it."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                beacon.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", free_port()), Handler)


def payloads(url: str, tag: str) -> list[str]:
    """Each payload, if it ran or loaded, would set window.pwned_<tag>_<n> or request url/<tag>/<n>."""
    def js(n: int) -> str:
        return f"window.pwned_{tag}_{n}=1;fetch('{url}/{tag}/{n}')"
    return [
        f"<script>{js(1)}</script>",
        f"<img src=x onerror=\"{js(2)}\">",
        f"<a href=\"javascript:{js(3)}\">cliquez</a>",
        f"<iframe src=\"{url}/{tag}/4\"></iframe>",
        f"<svg onload=\"{js(5)}\"><circle r=1 /></svg>",
        f"<div style=\"width:expression({js(6)});background:url({url}/{tag}/6b)\">x</div>",
        f"<meta http-equiv=\"refresh\" content=\"0;url={url}/{tag}/7\">",
        f"\"><script>{js(8)}</script><img src=\"{url}/{tag}/8b\" alt=\"",
        f"<link rel=stylesheet href=\"{url}/{tag}/9\"><object data=\"{url}/{tag}/10\"></object>",
        f"<body onload=\"{js(11)}\"><details open ontoggle=\"{js(12)}\">",
    ]


def hostile_mail(url: str, *, sender: str, with_claim: bool) -> bytes:
    today = date.today()
    message = EmailMessage()
    message["From"] = f"{' '.join(payloads(url, 'from')[:3])} <{sender}>"
    message["To"] = MAILBOX
    message["Subject"] = "Arrêt maladie RICHARD " + " ".join(payloads(url, "subject"))
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.split("@")[1])
    declaration = (f"Mme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie du {today - timedelta(days=2):%d/%m/%Y} "
                   f"au {today + timedelta(days=9):%d/%m/%Y}.") if with_claim else "Bonjour, voici un message."
    html = ("<html><head>" + payloads(url, "head")[6] + "</head><body><p>Bonjour,</p><p>" + declaration + "</p>"
            + "".join(payloads(url, "body")) + "<p>Cordialement</p></body></html>")
    message.set_content(html, subtype="html")
    for i, payload in enumerate(payloads(url, "name")[:5]):
        message.add_attachment(b"%PDF-1.4\n% " + str(i).encode() + b"\n%%EOF\n", maintype="application",
                               subtype="pdf", filename=f"{payload}.pdf")
    message.add_attachment(payloads(url, "html")[0].encode(), maintype="text", subtype="html", filename="page.html")
    return message.as_bytes()


@pytest.fixture
def beacon():
    server = Beacon()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def desk_url(intake):
    with desk_server(intake.settings) as url:
        yield url


def test_no_payload_runs_or_loads_anywhere_on_the_desk(intake, admin, beacon, desk_url) -> None:
    url = f"http://127.0.0.1:{beacon.server_address[1]}"
    intake.exchange(hostile_mail(url, sender="rh@mairiebarjac.fr", with_claim=True))
    intake.exchange(hostile_mail(url, sender="inconnu@exemple-webmail.fr", with_claim=False),
                    sender="inconnu@exemple-webmail.fr")
    with intake.factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        assert len(claim.documents) >= 5
        messages = [m.id for m in session.scalars(select(Message).order_by(Message.id))]
        assert [m.status for m in session.scalars(select(Message))] == ["processed", "processed"]
    pages = [f"/sinistres/{claim.reference}", "/sinistres?status=", "/messages", "/envois", "/manquants", "/",
             "/admin/affectations"]
    pages += [f"/messages/{m}" for m in messages]

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            # Control: the same payloads on a page without our defences do run and hit the beacon, so
            # the silence below means something.
            page.set_content("".join(payloads(url, "control")[:2]))
            page.wait_for_function("window.pwned_control_2 === 1")
            deadline = time.monotonic() + 10
            while len(beacon.hits) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert sorted(beacon.hits) == ["/control/1", "/control/2"]
            beacon.hits.clear()
            page.goto(f"{desk_url}/login")
            page.fill("input[name=email]", admin)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{desk_url}/")
            for path in pages:
                response = page.goto(desk_url + path)
                assert response.status == 200, path
                csp = response.headers.get("content-security-policy", "")
                assert "default-src 'self'" in csp and "script-src" not in csp.replace("script-src 'self'", ""), csp
                page.wait_for_load_state("networkidle")
                # The payloads are on the page as text, escaped (the test would prove nothing otherwise).
                if path.startswith("/sinistres/") or path.startswith("/messages/"):
                    assert "onerror" in page.content() and "<script>window.pwned" not in page.content()
                for details in page.locator("details").all():
                    details.evaluate("d => d.open = true")  # the analysis JSON carries the payloads too
                page.wait_for_timeout(200)
                ran = page.evaluate("Object.keys(window).filter(k => k.startsWith('pwned'))")
                assert ran == [], (path, ran)
                assert page.locator("a[href^='javascript']").count() == 0, path
                # The dashboard's own charts are SVG (drawn on the server, text escaped); any other is injected.
                assert page.locator("main iframe, main object, main embed, main svg:not(.chart-box > svg.chart), "
                                    "main img[src='x'], main [onload]").count() == 0, path
                assert page.url == desk_url + path, "a meta refresh took the page elsewhere"
            assert dialogs == []
            # The HTML attachment is a download, not a page of our origin that could run.
            document = next(d for d in claim.documents if d.filename == "page.html")
            with page.expect_download() as download:
                page.evaluate("href => { const a = document.createElement('a'); a.href = href; a.click(); }",
                              f"/pieces/{document.id}")
            assert download.value.suggested_filename == "page.html"
            page.wait_for_timeout(300)
        finally:
            browser.close()
    assert beacon.hits == [], beacon.hits
