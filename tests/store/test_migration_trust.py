"""Migration 0005 (issue 16) on a database holding mail and claims: every row kept, a Message-ID no longer
unique, foreign keys still enforced afterwards (SQLite copies the messages table to drop its constraint)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from intake.store.db import get_engine
from intake.store.migrate import _config, head_revision, upgrade

ROW = ("INSERT INTO messages (id, message_id, sha256, size, source, envelope_to, received_at, status, attempts, notes) "
       "VALUES (:id, '<scan@copieur>', :sha, 1, 'smtp', '[]', '2026-01-01', 'processed', 1, '[]')")


def test_upgrading_a_used_database_keeps_its_rows(empty_database_url: str) -> None:
    config = _config()
    with get_engine(empty_database_url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    with get_engine(empty_database_url).begin() as connection:
        connection.execute(text("INSERT INTO collectivites (id, code, name, affiliated, created_at, updated_at) "
                                "VALUES (1, 'C1', 'Mairie', true, '2026-01-01', '2026-01-01')"))
        connection.execute(text(ROW), {"id": 1, "sha": "a" * 64})
        connection.execute(text(
            "INSERT INTO claims (id, reference, status, collectivite_id, agent_candidates, declared_on, confirmed, "
            "flags, missing_documents, provenance, created_at, updated_at) VALUES (1, 'SIN-2026-00001', "
            "'brouillon', 1, '[]', '2026-01-01', false, '[]', '[]', '{}', '2026-01-01', '2026-01-01')"))
        connection.execute(text("INSERT INTO claim_messages (claim_id, message_id, role, created_at) "
                                "VALUES (1, 1, 'declaration', '2026-01-01')"))
    assert upgrade(empty_database_url) == head_revision()
    with get_engine(empty_database_url).begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM claim_messages")).scalar() == 1
        connection.execute(text(ROW), {"id": 2, "sha": "b" * 64})  # the same Message-ID, another mail
        assert connection.execute(text("SELECT count(*) FROM messages")).scalar() == 2
    with pytest.raises(IntegrityError), get_engine(empty_database_url).begin() as connection:
        connection.execute(text("INSERT INTO claim_messages (claim_id, message_id, role, created_at) "
                                "VALUES (1, 999, 'declaration', '2026-01-01')"))
