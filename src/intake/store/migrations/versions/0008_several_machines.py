"""several machines: blobs in the database, one shared signing key, trigram name search on PostgreSQL

Revision ID: 0008_several_machines
Revises: 0007_claim_periods
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0008_several_machines'
down_revision = '0007_claim_periods'
branch_labels = None
depends_on = None

# The columns the desk searches with ILIKE '%q%' (web/queue.py, web/pages_claims.py): a GIN trigram index
# answers those without reading every row.
_TRIGRAM = {"ix_agents_last_name_trgm": ("agents", "last_name"),
            "ix_agents_first_name_trgm": ("agents", "first_name"),
            "ix_agents_birth_name_trgm": ("agents", "birth_name"),
            "ix_claims_agent_name_trgm": ("claims", "agent_name")}


def _trigram_schema(bind) -> str | None:
    """The schema holding pg_trgm, created now when our role may; None when it is not available (the
    search still works, by scanning)."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        pass  # not allowed or not installed: an administrator may create it later and run « intake init »
    return bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_trgm'").scalar()


def _signing_key(bind) -> None:
    """The key is made here, by `intake init`, not on first use: on SQLite the first use is inside a
    worker's transaction, which holds the only write lock the key's insert would wait for. A site that
    had one machine keeps the key of its data directory (its reply addresses stay valid)."""
    import secrets

    from intake.settings import get_settings

    existing = Path(get_settings().data_dir) / "secret.key"
    key = existing.read_text().strip() if existing.exists() else ""
    bind.execute(sa.text("INSERT INTO instance_secrets (name, value) VALUES ('signing_key', :value)"),
                 {"value": key or secrets.token_urlsafe(32)})


def upgrade() -> None:
    op.create_table(
        'blobs',
        sa.Column('sha256', sa.String(64), primary_key=True),
        sa.Column('data', sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        'instance_secrets',
        sa.Column('name', sa.String(64), primary_key=True),
        sa.Column('value', sa.String(200), nullable=False),
    )
    bind = op.get_bind()
    _signing_key(bind)
    if bind.dialect.name != 'postgresql':
        return  # SQLite keeps LIKE: one machine, a registry small enough to scan
    schema = _trigram_schema(bind)
    if schema is None:
        return
    # Qualified: the extension may live in a schema outside the search path (shared by several schemas).
    opclass = f'"{schema}".gin_trgm_ops'
    for name, (table, column) in _TRIGRAM.items():
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} {opclass})')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for name in _TRIGRAM:
            op.execute(f'DROP INDEX IF EXISTS {name}')
    op.drop_table('instance_secrets')
    op.drop_table('blobs')
