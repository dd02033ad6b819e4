"""The page viewer and the keyboard in headless Chromium: a field's « voir sur la pièce » shows its box on the
arrêt's page image and takes the focus there, a field taking the focus shows its box; j / k walk the queue
from a claim, c confirms. The claim page's screenshot is the README's (docs/screenshots/ when
INTAKE_UPDATE_SCREENSHOTS=1, always in tests/web/artifacts/)."""

from __future__ import annotations

import pytest
from test_browser import _login
from test_viewer import arret_of, free_agent, send_with_piece

from conftest import keep_screenshot

playwright = pytest.importorskip("playwright.sync_api")


def _inside(inner: dict, outer: dict) -> bool:
    return (outer["x"] - 1 <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
            and outer["y"] - 1 <= inner["y"] and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1)


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)  # the browser path is the same on both
def test_a_field_is_boxed_on_the_arret_and_focus_moves_to_it(server, browser, desk) -> None:
    agent, domain = free_agent(desk)
    pdf, _start, _end = arret_of(agent, seed=21)
    reference = send_with_piece(desk, agent, domain, pdf, "avis_arret.pdf")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, server, "gest@cdg.fr")
    page.goto(f"{server}/sinistres/{reference}")
    page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")

    page.click("#source-nir a.source-link")
    nir = page.locator("#box-nir")
    assert "active" in nir.get_attribute("class")
    assert page.evaluate("document.activeElement.id") == "box-nir"
    shown, image = nir.bounding_box(), page.locator("#box-nir").locator("xpath=ancestor::figure//img").bounding_box()
    assert shown["width"] > 20 and shown["height"] > 5 and _inside(shown, image)
    viewport = page.viewport_size
    assert 0 <= shown["y"] and shown["y"] + shown["height"] <= viewport["height"]  # scrolled to it
    stroke = nir.evaluate("r => getComputedStyle(r).stroke")
    assert stroke == "rgb(198, 40, 40)", stroke  # the stylesheet reached the SVG under the CSP

    # Selecting the stop's start date shows where it was read instead.
    page.focus("input[data-box='box-arret_start']")
    assert "active" in page.locator("#box-arret_start").get_attribute("class")
    assert "active" not in nir.get_attribute("class")
    page.click("#source-nir a.source-link")
    keep_screenshot(page, "fiche-sinistre.png", readme=True)
    assert not problems, problems
    page.close()


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_keyboard_walks_the_queue_and_confirms(server, browser, desk) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, server, "gest@cdg.fr")
    page.goto(f"{server}/sinistres")
    order = page.locator("tr[data-reference]").evaluate_all("rs => rs.map(r => r.dataset.reference)")
    assert len(order) == 2
    assert "j" in page.locator(".shortcuts").inner_text()

    # In the queue: j selects the first row, Enter opens it.
    page.keyboard.press("j")
    assert page.locator("tr.selected").get_attribute("data-reference") == order[0]
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/sinistres/{order[0]}")
    hint = page.locator("#shortcuts").inner_text()
    assert "confirmer" in hint and "suivant" in hint
    assert page.locator("form.confirm kbd").inner_text() == "c"  # the key shown on the button itself

    # j / → the next claim, k / ← back; typing in a field is not a shortcut.
    page.keyboard.press("j")
    page.wait_for_url(f"{server}/sinistres/{order[1]}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"{server}/sinistres/{order[0]}")
    page.focus("input[name=reason]")
    page.keyboard.press("j")
    page.keyboard.press("c")
    assert page.url == f"{server}/sinistres/{order[0]}" and page.locator("h1 .status").inner_text() == "brouillon"

    # c confirms a complete draft (the fixture's « draft »: its agent sure, its arrêt on file).
    if order[0] != desk.refs["draft"]:
        page.keyboard.press("Escape")
        page.locator("h1").click()  # the focus leaves the field
        page.keyboard.press("j")
        page.wait_for_url(f"{server}/sinistres/{desk.refs['draft']}")
    page.locator("h1").click()
    page.keyboard.press("c")
    page.wait_for_selector(".flash")
    assert "Sinistre ouvert" in page.locator(".flash").inner_text()
    assert page.locator("h1 .status").inner_text() == "ouvert"
    page.close()
