"""users, API tokens, assignments; work-queue index

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index('ix_api_tokens_user_id', 'api_tokens', ['user_id'])
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'collectivite_id', name='uq_assignments')
    )
    op.create_index('ix_assignments_user_id', 'assignments', ['user_id'])
    op.create_index('ix_assignments_collectivite_id', 'assignments', ['collectivite_id'])
    # The work queue reads "status = ?, newest first" page after page (keyset on created_at, id).
    op.create_index('ix_claims_status_created', 'claims', ['status', 'created_at', 'id'])
    op.create_index('ix_claims_collectivite_created', 'claims', ['collectivite_id', 'created_at', 'id'])
    # Searching the name a mail gave looks only at claims without a matched agent.
    op.create_index('ix_claims_unidentified', 'claims', ['created_at', 'id'],
                    postgresql_where=sa.text('agent_id IS NULL'), sqlite_where=sa.text('agent_id IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_claims_unidentified', table_name='claims')
    op.drop_index('ix_claims_collectivite_created', table_name='claims')
    op.drop_index('ix_claims_status_created', table_name='claims')
    op.drop_index('ix_assignments_collectivite_id', table_name='assignments')
    op.drop_index('ix_assignments_user_id', table_name='assignments')
    op.drop_table('assignments')
    op.drop_index('ix_api_tokens_user_id', table_name='api_tokens')
    op.drop_table('api_tokens')
    op.drop_table('users')
