"""The dashboard's charts: figures aggregated in SQL, per the caller's collectivités, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from conftest import csrf_of, login
from intake.store.claims import Claim
from intake.store.messages import Message
from intake.web import stats


class _Admin:  # a caller who sees every collectivité (auth.Caller.visible is None)
    visible = None


def test_dashboard_draws_the_charts_inline_as_svg(client, desk) -> None:
    login(client, "admin@cdg.fr")
    page = client.get("/")
    assert page.status_code == 200
    for chart in ("chart-mail", "chart-ages", "chart-categories", "chart-statuses", "chart-missing", "chart-rates"):
        assert f'id="{chart}"' in page.text
    assert page.text.count("<svg") >= 5 and "<script>" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "3 message(s) sur 30 jours" in page.text  # the three drafts' mails, received today


def test_correction_rate_counts_claims_whose_field_a_handler_corrected(client, desk) -> None:
    login(client, "gest@cdg.fr")
    ref = desk.refs["wrong"]
    csrf = csrf_of(client.get(f"/sinistres/{ref}").text)
    client.post(f"/sinistres/{ref}/corriger", data={"csrf": csrf, "agent": desk.agents["a1"][0]})
    with desk.factory() as session:
        now = datetime.now(timezone.utc)
        rates = stats.correction_rates(session, _Admin(), now)
        assert rates.drafted == 3 and rates.per_field["agent_id"] == 1 and rates.per_field["category"] == 0
        assert abs(rates.rate("agent_id") - 1 / 3) < 1e-9
        mine = {code: fields for code, _name, _n, fields in rates.per_collectivite}
        assert mine[desk.mine]["agent_id"] == 1 and mine[desk.other]["agent_id"] == 0
    page = client.get("/")
    assert "50 % (1)" in page.text  # the gestionnaire's two drafts, one corrected
    assert desk.other not in page.text.split('id="chart-rates"', 1)[1]


def test_figures_stay_within_the_callers_collectivites_and_days(desk) -> None:
    with desk.factory() as session:
        gest = session.scalar(select(Claim.collectivite_id).where(Claim.reference == desk.refs["draft"]))
        old = session.scalar(select(Message).where(Message.id == desk.messages["other"]))
        old.received_at = datetime.now(timezone.utc) - timedelta(days=3)
        session.commit()
        now = datetime.now(timezone.utc)
        days = stats.mail_per_day(session, _Admin(), now.date())
        assert len(days) == stats.DAYS and days[-1][1] == 2 and days[-4][1] == 1
        ages = dict(stats.drafts_by_age(session, _Admin(), now + timedelta(days=4)))
        assert ages["3 à 7 jours"] == 3 and sum(ages.values()) == 3

        class _Gest:
            visible = [gest]
        assert sum(n for _, n in stats.mail_per_day(session, _Gest(), now.date())) == 2
        assert sum(n for _, n in stats.claims_by(session, _Gest(), Claim.status)) == 2
