"""Who hears about a claim, through `intake serve` and `intake remind`: the registered correspondant gets the
digests; a personal address that declared never gets a byte of the agent's data (issue 17, point 1)."""

from __future__ import annotations

import email
from datetime import date
from email.policy import default as default_policy

import pytest
from serving import body, recipients, serving
from sqlalchemy import select

from intake.store.claims import Claim
from support import SAMPLES

PERSONAL = SAMPLES / "cases" / "0005.eml"  # Mairie d'Écully's secretary writing from her own laposte.net box
PERSONAL_ADDRESS = "coralie.pantel45@laposte.net"
AGENT_DATA = ("LACROIX", "M00563", "1990867211914", "Jean-Pierre")


def _sample(path):
    return email.message_from_bytes(path.read_bytes(), policy=default_policy)


@pytest.mark.parametrize("correspondant", ["sinistres.ecully@wanadoo.fr", None])
def test_digests_go_to_the_registered_correspondant_never_to_the_personal_address(settings_env, tmp_path,
                                                                                  correspondant) -> None:
    registered = correspondant or "mairiedeecully@wanadoo.fr"  # else the collectivité's contact address
    with serving(settings_env, tmp_path, correspondants={"C69081": correspondant} if correspondant else None) as town:
        [answer] = town.exchange(_sample(PERSONAL))
        assert recipients(answer) == [PERSONAL_ADDRESS]
        result = town.remind(date.today().isoformat())
        assert result.returncode == 0, result.stderr
        digests = town.settle()
        relayed = town.received
        with town.factory() as session:
            reference = session.scalars(select(Claim.reference)).one()
        page = town.desk_page(f"/sinistres/{reference}").replace("&#39;", "'")
    [digest] = [d for d in digests if "LACROIX" in body(d)]
    assert recipients(digest) == [registered]
    assert "reprise" in digest["Subject"].lower()
    for _envelope_from, rcpts, raw in relayed:
        if PERSONAL_ADDRESS in [r.lower() for r in rcpts]:
            text = email.message_from_bytes(raw, policy=default_policy)
            assert not any(word.lower() in body(text).lower() for word in AGENT_DATA), body(text)
    assert all(r.lower() in (PERSONAL_ADDRESS, registered) for _f, rcpts, _raw in relayed for r in rcpts)
    # The desk tells the handler by the same rule: who gets the digests, and that the declarant hears nothing.
    assert f"Relances et récapitulatifs : {registered}" in page
    assert f"Expéditeur non enregistré pour cette collectivité ({PERSONAL_ADDRESS})" in page
