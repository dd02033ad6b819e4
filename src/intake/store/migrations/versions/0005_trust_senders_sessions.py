"""trust: changes « à vérifier », duplicates by id and content, claim versions, sessions, tokens expiry

Revision ID: 0005_trust_senders_sessions
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

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
    # A Message-ID is no longer unique (scanners reuse them): a duplicate is the same id and content.
    if op.get_bind().dialect.name == "sqlite":
        # The unique constraint of 0002 has no name in SQLite: the batch names it to drop it. The batch
        # copies the table, drops the old one and renames the copy: with foreign keys on, the drop fails on
        # the rows claims and periods point to. Off while the table is copied (outside a transaction, as
        # pysqlite runs DDL), or deferred to the commit (inside one); the copy keeps every id.
        op.execute("PRAGMA foreign_keys = OFF")
        op.execute("PRAGMA defer_foreign_keys = ON")
        with op.batch_alter_table('messages', naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}) as batch:
            batch.drop_constraint('uq_messages_message_id', type_='unique')
            batch.add_column(sa.Column('content_sha256', sa.String(length=64), nullable=True))
        op.execute("PRAGMA foreign_keys = ON")
    else:
        op.drop_constraint('messages_message_id_key', 'messages', type_='unique')
        op.add_column('messages', sa.Column('content_sha256', sa.String(length=64), nullable=True))
    op.create_index('ix_messages_message_id', 'messages', ['message_id'])
    # Shutting someone out: disabled accounts, expiring and revocable tokens, server-side sessions.
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('api_tokens') as batch:
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('nonce_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nonce_hash')
    )
    op.create_index('ix_user_sessions_user_id', 'user_sessions', ['user_id'])


def downgrade() -> None:
    op.drop_table('user_sessions')
    with op.batch_alter_table('api_tokens') as batch:
        batch.drop_column('revoked_at')
        batch.drop_column('expires_at')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('disabled_at')
    op.drop_index('ix_messages_message_id', table_name='messages')
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('content_sha256')
    op.drop_table('pending_changes')
