"""Two handlers merging the same pair of claims crossways at the same moment (A into B, B into A): the
claims are locked in one order, so one merge wins, the other is refused (409, French) — never a deadlock,
a 500, or both claims rejected. Real uvicorn, real HTTP from two threads, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from test_races import _fresh_claims, _together

from intake.store.claims import Claim
from running import desk_server

ROUNDS = 4


def test_crossed_merges_one_wins(desk) -> None:
    headers = desk.headers("gest")
    with desk_server(desk.settings) as base:
        for _ in range(ROUNDS):
            a, b = _fresh_claims(desk, 2)
            answers = _together(base, headers, [(f"/api/claims/{a}/merge", {"into": b}),
                                                (f"/api/claims/{b}/merge", {"into": a})])
            assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
            refused = next(r for r in answers if r.status_code == 409)
            assert "rejeté" in refused.json()["detail"]
            with desk.factory() as session:
                statuses = sorted(session.scalars(select(Claim.status).where(Claim.reference.in_([a, b]))))
            assert statuses == ["brouillon", "rejete"]
