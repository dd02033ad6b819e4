"""Alembic environment: runs on the connection `intake init` hands over, SQLite in batch mode."""

from __future__ import annotations

from alembic import context

import intake.store.schema  # noqa: F401  (registers every table)
from intake.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
