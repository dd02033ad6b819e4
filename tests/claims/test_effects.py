"""A handler's action does what rules/statuts.yaml declares (`effets:`), read from the rules, not from code."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from intake.claims.effects import EFFECTS
from intake.claims.service import act, create
from intake.domain import StatusEffect
from intake.rules import get_rules, load_rules
from intake.rules.crosscheck import EFFECTS as EFFECTS_THE_RULES_MAY_NAME
from intake.rules.errors import RulesError
from intake.settings import get_settings
from intake.store.messages import Message
from intake.store.models import Collectivite


def _draft(session, n: int = 1):
    """A draft of its own collectivité and message (n tells them apart)."""
    collectivite = Collectivite(code=f"E{n}", name=f"Mairie E{n}")
    message = Message(message_id=f"<effects-{n}@test>", sha256=str(n) * 64, size=1, source="smtp")
    session.add_all([collectivite, message])
    session.flush()
    return create(session, collectivite_id=collectivite.id, agent=None, declared_on=date(2025, 3, 3),
                  category="maladie_ordinaire", event_date=date(2025, 3, 1), facts={}, message_id=message.id)


def _rules_where(tmp_path: Path, old: str, new: str):
    """The project's rules with one line of statuts.yaml changed."""
    folder = tmp_path / "rules"
    shutil.copytree(get_settings().rules_dir, folder)
    statuts = folder / "statuts.yaml"
    text = statuts.read_text(encoding="utf-8")
    assert text.count(old) == 1
    statuts.write_text(text.replace(old, new), encoding="utf-8")
    return load_rules(folder)


def test_every_effect_the_rules_may_name_is_applied():
    assert set(EFFECTS) == set(StatusEffect) == set(EFFECTS_THE_RULES_MAY_NAME)


def test_rejecting_records_the_reason_because_the_rules_say_so(session, tmp_path):
    claim = _draft(session)
    act(session, claim, action="rejeter", by="g@cdg.fr", rules=get_rules(), reason="doublon")
    assert (claim.status, claim.reject_reason) == ("rejete", "doublon")

    other = _draft(session, 2)
    silent = _rules_where(tmp_path, "effets: [enregistrer_motif, retirer_confirmation]", "effets: []")
    act(session, other, action="rejeter", by="g@cdg.fr", rules=silent, reason="doublon")
    assert (other.status, other.reject_reason) == ("rejete", None)


def test_an_effect_moved_to_another_action_follows_it(session, tmp_path):
    """`confirmer` without enregistrer_confirmation confirms nothing; the same effect on `rejeter` does."""
    claim = _draft(session)
    moved = _rules_where(tmp_path, "effets: [enregistrer_confirmation]", "effets: []")
    act(session, claim, action="confirmer", by="g@cdg.fr", rules=moved)
    assert claim.confirmed is False
    again = _rules_where(tmp_path / "again", "effets: [enregistrer_motif, retirer_confirmation]",
                         "effets: [enregistrer_motif, enregistrer_confirmation]")
    act(session, claim, action="rejeter", by="g@cdg.fr", rules=again, reason="pas un sinistre")
    assert claim.confirmed is True and claim.reject_reason == "pas un sinistre"


def test_an_effect_without_implementation_stops_the_rules_at_load(tmp_path):
    with pytest.raises(RulesError, match="effet inconnu"):
        _rules_where(tmp_path, "effets: [enregistrer_motif, retirer_confirmation]", "effets: [enregistrer_tout]")



def test_a_confirmed_draft_rejected_is_no_longer_confirmed(session):
    """Was: « rejeté » with confirmed=true after a handler confirmed an incomplete draft, then rejected it."""
    claim = _draft(session)
    act(session, claim, action="confirmer", by="g@cdg.fr", rules=get_rules())
    assert (claim.status, claim.confirmed) == ("brouillon", True)  # pieces missing: still a draft
    act(session, claim, action="rejeter", by="g@cdg.fr", rules=get_rules(), reason="doublon")
    assert (claim.status, claim.confirmed, claim.reject_reason) == ("rejete", False, "doublon")
