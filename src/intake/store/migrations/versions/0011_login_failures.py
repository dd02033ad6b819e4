"""login failures in the database: the login throttle shared by every desk process

Revision ID: 0011_login_failures
Revises: 0010_registry_version
"""

import sqlalchemy as sa
from alembic import op

revision = '0011_login_failures'
down_revision = '0010_registry_version'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_failures',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('scope', sa.String(8), nullable=False),
        sa.Column('key', sa.String(320), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_login_failures_at', 'login_failures', ['at'])
    op.create_index('ix_login_failures_scope_key_at', 'login_failures', ['scope', 'key', 'at'])


def downgrade() -> None:
    op.drop_table('login_failures')
