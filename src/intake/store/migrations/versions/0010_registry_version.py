"""registry version: one counter bumped by every change to the registry, read by each process per message

Revision ID: 0010_registry_version
Revises: 0009_desk_viewer
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_registry_version'
down_revision = '0009_desk_viewer'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'registry_version',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('version', sa.BigInteger(), nullable=False),
    )
    from intake.store.registry_version import new_version

    op.get_bind().execute(sa.text("INSERT INTO registry_version (id, version) VALUES (1, :version)"),
                          {"version": new_version()})


def downgrade() -> None:
    op.drop_table('registry_version')
