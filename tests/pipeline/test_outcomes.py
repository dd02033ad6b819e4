"""Outcomes that end drafting are exceptions (claims/outcomes.py) that the runner alone catches; a replayed
message is ignored with its reason, an unknown sender is held and still told."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import func, select

from intake.identify.registry import import_registry_file
from intake.mail.inbox import inbox_for
from intake.pipeline.runner import drain, replay
from intake.store.blobs import FileBlobStore
from intake.store.claims import Claim
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.store.outbox import OutboxMail
from support import REGISTRY

SRC = Path(__file__).resolve().parents[2] / "src" / "intake"
OUTCOMES = {"Stop", "Ignore", "HoldForReview"}
# The outcomes drafting raises rather than returns: a `Drafted(DraftOutcome.X)` naming one is the old way back.
RAISED = {"AUTOMATIQUE", "EXPEDITEUR_INCONNU", "EXPEDITEUR_NON_AUTHENTIFIE", "DEJA_TRAITE", "QUESTION", "AUTRE"}


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    return {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node) if isinstance(n, (ast.Name, ast.Attribute))}


def test_only_the_runner_catches_the_outcomes_of_drafting() -> None:
    catching = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(node, ast.ExceptHandler) and _names(node.type) & OUTCOMES)
    assert catching == ["pipeline/runner.py", "pipeline/runner.py"]


def test_drafting_raises_the_outcomes_that_end_it() -> None:
    returned = [(str(path.relative_to(SRC)), node.lineno) for path in SRC.rglob("*.py")
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Drafted"
                and node.args and _names(node.args[0]) & RAISED]
    assert returned == []


DECLARATION = (
    b"From: RH <rh@mairiebarjac.fr>\r\nTo: prestations@localhost\r\nSubject: Arret maladie de Mme RICHARD\r\n"
    b"Message-ID: <outcome-1@mairiebarjac.fr>\r\nDate: Mon, 10 Mar 2025 09:00:00 +0100\r\n\r\n"
    b"Bonjour,\r\n\r\nMme Sylvie RICHARD, nee le 19/02/2001, est en arret maladie du 10/03/2025 au 21/03/2025.\r\n"
    b"L'avis d'arret suivra.\r\n\r\nLe service RH\r\n"
)
UNKNOWN = DECLARATION.replace(b"mairiebarjac.fr", b"ailleurs.example")


def test_a_replayed_message_is_ignored_and_an_unknown_sender_held(settings_env) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings_env.database_url)
    factory, blobs = get_sessionmaker(settings_env.database_url), FileBlobStore(settings_env.data_dir)
    store = inbox_for(settings_env)
    first = store(DECLARATION, source="smtp", envelope_to=["prestations@localhost"])
    unknown = store(UNKNOWN, source="smtp", envelope_to=["prestations@localhost"])
    drain(factory, blobs, settings=settings_env)
    with factory() as session:
        replies = session.scalar(select(func.count()).select_from(OutboxMail))
        row = session.get(Message, first.id)
        assert row.outcome == "claims" and row.no_reply is None
        held = session.get(Message, unknown.id)
        # Held: nothing drafted, the sender still told we do not know them.
        assert held.outcome == "expediteur_inconnu" and held.no_reply is None
        assert session.scalar(select(func.count()).select_from(OutboxMail).where(
            OutboxMail.kind == "expediteur_inconnu")) == 1
        claims = session.scalar(select(func.count()).select_from(Claim))
    assert claims == 1

    assert replay(factory, first.id)
    drain(factory, blobs, settings=settings_env)
    with factory() as session:
        row = session.get(Message, first.id)
        assert (row.status, row.outcome, row.no_reply) == ("processed", "deja_traite", "deja_repondu")
        assert row.notes[-1].startswith("pas de réponse : message déjà traité")
        assert session.scalar(select(func.count()).select_from(OutboxMail)) == replies
        assert session.scalar(select(func.count()).select_from(Claim)) == claims
