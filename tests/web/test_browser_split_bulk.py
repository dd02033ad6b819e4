"""Split and bulk confirmation in headless Chromium, as handlers do them: an admin sets the threshold on the
Réglages page, a gestionnaire confirms the complete drafts from the queue (accepting the browser's question),
then splits a claim holding two stops by ticking the second one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_browser import _login

from conftest import keep_screenshot

playwright = pytest.importorskip("playwright.sync_api")


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)  # the browser path is the same on both
def test_threshold_bulk_confirmation_and_split(server, browser, desk) -> None:
    draft, wrong = desk.refs["draft"], desk.refs["wrong"]
    admin = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(admin, server, "admin@cdg.fr")
    admin.click("header.top a:text('Réglages')")
    assert "aucun" in admin.locator("#current-threshold").inner_text()
    admin.fill("input[name=seuil]", "90")
    admin.click("button:text('Enregistrer')")
    assert "90 %" in admin.locator(".flash").inner_text() and "90 %" in admin.locator("#current-threshold").inner_text()
    admin.close()

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, server, "gest@cdg.fr")
    assert page.locator("header.top a:text('Réglages')").count() == 0  # admin only
    page.goto(f"{server}/sinistres")
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.click("#bulk-confirm button")
    page.wait_for_selector(".flash")
    assert asked and "seuil" in asked[0]
    assert "1 sinistre(s) confirmé(s)" in page.locator(".flash").inner_text()
    page.goto(f"{server}/sinistres/{draft}")
    assert page.locator("h1 .status").inner_text() == "ouvert"
    assert "confirmation groupée" in page.locator(".history").inner_text()

    # The low-confidence draft holds two stops: add the second, then split it off to a draft of its own.
    page.goto(f"{server}/sinistres/{wrong}")
    start = date.today() + timedelta(days=40)
    page.fill("#add-period input[name=start]", start.isoformat())
    page.click("#add-period button")
    assert "ajoutée" in page.locator(".flash").inner_text()
    assert page.locator(".period").count() == 2
    page.locator("#split label", has_text=f"période du {start:%d/%m/%Y}").locator("input").check()
    page.fill("#split input[name=agent]", desk.agents["a2"][0])
    keep_screenshot(page, "scinder.png", full_page=True)
    page.click("#split button")
    assert "scindé" in page.locator(".flash").inner_text()
    new = page.locator("h1").get_attribute("data-claim")
    assert new != wrong and page.locator(".period").count() == 1
    assert desk.agents["a2"][0] in page.locator("#agent-current").inner_text()
    assert wrong in page.locator(".history").inner_text()
    page.goto(f"{server}/sinistres/{wrong}")
    assert page.locator(".period").count() == 1 and new in page.locator(".history").inner_text()
    page.close()
