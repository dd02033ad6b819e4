"""The desk in headless Chromium against a real uvicorn server: log in, confirm, correct the agent, close,
and a gestionnaire refused another collectivité's claim."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import PASSWORD, keep_screenshot

playwright = pytest.importorskip("playwright.sync_api")




def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/sinistres")
    assert "/login" in page.url
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/sinistres*")


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)  # the browser path is the same on both
def test_handler_confirms_corrects_closes_and_is_refused_elsewhere(server, browser, desk) -> None:
    page = browser.new_page()
    _login(page, server, "gest@cdg.fr")
    # The work queue shows the drafts of the gestionnaire's collectivité only.
    rows = page.locator("tr[data-reference]")
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.reference)")) == sorted(
        [desk.refs["draft"], desk.refs["wrong"]])

    # Confirm a complete draft: it opens.
    page.click(f"a:text('{desk.refs['draft']}')")
    page.click("button:text('Confirmer')")
    assert "Sinistre ouvert" in page.locator(".flash").inner_text()
    assert page.locator("h1 .status").inner_text() == "ouvert"

    # Close it with a date de reprise.
    page.fill("input[name=reprise]", (date.today() + timedelta(days=11)).isoformat())
    page.click("button:text('Clore')")
    assert "Sinistre clos" in page.locator(".flash").inner_text()
    assert page.locator("h1 .status").inner_text() == "clos"

    # Correct a wrongly matched agent by choosing the right candidate.
    page.goto(f"{server}/sinistres/{desk.refs['wrong']}")
    right, right_name = desk.agents["a1"]
    assert desk.agents["a2"][0] in page.locator("#agent-current").inner_text()
    page.check(f"input[name=agent][value='{right}']")
    page.click("button:text('Enregistrer les corrections')")
    assert "Corrigé" in page.locator(".flash").inner_text()
    assert right in page.locator("#agent-current").inner_text() and right_name in page.locator("#agent-current").inner_text()
    assert "correction" in page.locator(".history").inner_text()  # the audit action, in French

    # Another collectivité's claim is not found, as if it did not exist.
    response = page.goto(f"{server}/sinistres/{desk.refs['other']}")
    assert response.status == 404 and desk.agents["b1"][1] not in page.content()
    assert "introuvable" in page.locator("h1").inner_text().lower()  # a French page, not JSON
    page.close()


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_dashboard_charts_render_in_chromium_under_the_strict_csp(server, browser, desk) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    problems = []
    page.on("console", lambda m: problems.append(f"{m.text} {m.location.get('url')}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # A day's work first, so the charts have something to show: a wrong agent corrected, a draft confirmed.
    api = page.request
    token = {"Authorization": f"Bearer {desk.tokens['gest']}"}
    assert api.post(f"{server}/api/claims/{desk.refs['wrong']}/correct", headers=token,
                    data={"agent": desk.agents["a1"][0]}).status == 200
    assert api.post(f"{server}/api/claims/{desk.refs['draft']}/confirm", headers=token).status == 200
    _login(page, server, "admin@cdg.fr")
    page.goto(f"{server}/")
    charts = page.locator("svg.chart")
    assert charts.count() >= 5
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 20  # drawn, not collapsed
    # The bars are painted with the stylesheet's colour (style.css reached them under the CSP).
    fill = page.locator("#chart-statuses rect.bar").first.evaluate("r => getComputedStyle(r).fill")
    assert fill == "rgb(79, 138, 79)", fill
    keep_screenshot(page, "tableau-de-bord.png", readme=True, full_page=True)
    assert not problems, problems  # no CSP violation, no script error
    page.close()


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_api_docs_come_from_the_package_behind_login_under_the_csp(server, browser, desk) -> None:
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith(server) and not r.url.startswith("data:")
            else None)
    page.goto(f"{server}/docs")
    assert "/login" in page.url  # behind login
    _login(page, server, "gest@cdg.fr")
    response = page.goto(f"{server}/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    assert "/api/claims/{reference}/confirm" in page.locator("#swagger-ui").inner_text()
    assert not problems, problems  # nothing from elsewhere, no CSP violation
    page.close()


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_api_docs_try_it_out_posts_with_the_sessions_csrf_token(server, browser, desk) -> None:
    """« Try it out » on a POST: Swagger UI sends the session's CSRF token, so the call goes through (200 and the
    draft confirmed), where the same call without the token is refused (403)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _login(page, server, "gest@cdg.fr")
    without = page.request.post(f"{server}/api/claims/{desk.refs['draft']}/confirm")
    assert without.status == 403  # the session alone is not enough to write
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    block = page.locator(".opblock-post", has=page.locator(".opblock-summary-path[data-path='/api/claims/{reference}/confirm']"))
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("input[placeholder='reference']").fill(desk.refs["draft"])
    with page.expect_response(lambda r: r.url.endswith(f"/api/claims/{desk.refs['draft']}/confirm")) as answer:
        block.locator("button.execute").click()
    assert answer.value.status == 200, answer.value.text()
    assert answer.value.request.headers.get("x-csrf-token")
    assert answer.value.json()["status"] == "ouvert"
    page.close()
