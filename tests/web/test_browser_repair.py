"""The repair actions in headless Chromium as a gestionnaire does them, from the desk alone: attach a stray
message to a claim, move a piece, add and remove a period, see the duplicate warning and merge, open a claim
by its exact reference. Screenshots of each step go to tests/web/artifacts/ (kept out of git)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_browser import _login
from test_repair_actions import stray_message

from conftest import keep_screenshot

playwright = pytest.importorskip("playwright.sync_api")




def _shot(page, name: str) -> None:
    keep_screenshot(page, f"repair-{name}.png", full_page=True)


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)  # the browser path is the same on both
def test_handler_repairs_from_the_desk(server, browser, desk) -> None:
    stray = stray_message(desk)
    draft, wrong = desk.refs["draft"], desk.refs["wrong"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, server, "gest@cdg.fr")

    # A message that made no claim: « Rattacher à un sinistre » on its page.
    page.goto(f"{server}/messages/{stray}")
    page.fill("#attach input[name=reference]", wrong)
    _shot(page, "1-rattacher")
    page.click("#attach button")
    page.wait_for_url(f"{server}/sinistres/{wrong}")
    assert "Message rattaché" in page.locator(".flash").inner_text()
    assert page.locator("form.move-piece").count() == 2
    assert "message rattaché" in page.locator(".history").inner_text()

    # The piece it brought belongs to the other draft: move it.
    form = page.locator("form.move-piece").nth(1)
    form.locator("input[name=target]").fill(draft)
    form.locator("button").click()
    assert "déplacée vers" in page.locator(".flash").inner_text()
    assert page.locator("form.move-piece").count() == 1
    page.goto(f"{server}/sinistres/{draft}")
    assert page.locator("form.move-piece").count() == 2
    _shot(page, "2-deplacer")

    # A prolongation the pipeline missed: add it, its pieces are awaited; then remove it.
    start = date.today() + timedelta(days=11)
    page.fill("#add-period input[name=start]", start.isoformat())
    page.fill("#add-period input[name=end]", (start + timedelta(days=9)).isoformat())
    page.select_option("#add-period select[name=nature]", "prolongation")
    page.click("#add-period button")
    assert "ajoutée" in page.locator(".flash").inner_text()
    assert page.locator(".period").count() == 2
    _shot(page, "3-periode")
    page.click(f"button[aria-label='Retirer la période du {start:%d/%m/%Y}']")
    assert "Période retirée" in page.locator(".flash").inner_text() and page.locator(".period").count() == 1

    # The wrong draft is the same agent's stop: once its agent is corrected, both are flagged and merged.
    page.goto(f"{server}/sinistres/{wrong}")
    page.check(f"input[name=agent][value='{desk.agents['a1'][0]}']")
    page.click("button:text('Enregistrer les corrections')")
    assert "aucun agent" not in page.locator("#agent-current").inner_text()
    assert draft in page.locator("#duplicate-warning").inner_text()
    _shot(page, "4-doublon")
    page.goto(f"{server}/sinistres?status=")
    assert page.locator(f"tr[data-reference='{wrong}'] .duplicate").count() == 1
    _shot(page, "5-file-doublons")
    page.goto(f"{server}/sinistres/{wrong}")
    assert page.locator("#merge input[name=into]").input_value() == draft
    page.click("#merge button")
    page.wait_for_url(f"{server}/sinistres/{draft}")
    assert f"{wrong} fusionné dans {draft}" in page.locator(".flash").inner_text()
    assert page.locator("#duplicate-warning").count() == 0 and "fusion" in page.locator(".history").inner_text()
    _shot(page, "6-fusion")

    # The reference typed in the header's search opens the claim.
    page.goto(f"{server}/sinistres")
    page.fill("form.search input[name=q]", wrong)
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url(f"{server}/sinistres/{wrong}")
    assert "fusionné dans" in page.content()
    page.close()
