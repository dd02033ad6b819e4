"""collectivités: the registered « correspondant sinistres » (digests go to them); messages: why no reply;
reference_counters: claim references numbered per year of receipt

Revision ID: correspondant_and_no_reply
Revises: 0005_trust_senders_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = 'correspondant_and_no_reply'
down_revision = '0005_trust_senders_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('collectivites') as batch:
        batch.add_column(sa.Column('correspondant_email', sa.String(length=320), nullable=True))
    with op.batch_alter_table('messages') as batch:
        batch.add_column(sa.Column('no_reply', sa.String(length=40), nullable=True))
    op.create_table('reference_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )


def downgrade() -> None:
    op.drop_table('reference_counters')
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('no_reply')
    with op.batch_alter_table('collectivites') as batch:
        batch.drop_column('correspondant_email')
