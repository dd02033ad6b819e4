"""trust: changes « à vérifier », duplicates by id and content, claim versions, sessions, tokens expiry

Revision ID: 0005_trust_senders_sessions
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_trust_senders_sessions'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Changes to an existing claim proposed by a sender the registry does not give its collectivité.
    op.create_table('pending_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=320), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('proposal', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=320), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_pending_changes_claim_id', 'pending_changes', ['claim_id'])
    op.create_index('ix_pending_changes_message_id', 'pending_changes', ['message_id'])
    op.create_index('ix_pending_changes_status', 'pending_changes', ['status'])
    op.create_index('ix_pending_changes_created_at', 'pending_changes', ['created_at'])


def downgrade() -> None:
    op.drop_table('pending_changes')
