"""registry: collectivites, addresses, contracts, agents

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 10:46:03.183814
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('collectivites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('affiliated', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('agents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('matricule', sa.String(length=32), nullable=False),
    sa.Column('nir', sa.String(length=13), nullable=False),
    sa.Column('nir_key', sa.String(length=2), nullable=True),
    sa.Column('last_name', sa.String(length=120), nullable=False),
    sa.Column('birth_name', sa.String(length=120), nullable=True),
    sa.Column('first_name', sa.String(length=120), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('regime', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('collectivite_id', 'matricule', name='uq_agents_collectivite_matricule')
    )
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agents_collectivite_id'), ['collectivite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agents_nir'), ['nir'], unique=False)

    op.create_table('contact_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('contact_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_emails_collectivite_id'), ['collectivite_id'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_number', sa.String(length=64), nullable=False),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('regime', sa.String(length=16), nullable=False),
    sa.Column('formulas', sa.JSON(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('franchise_mo_days', sa.Integer(), nullable=False),
    sa.Column('declaration_days', sa.Integer(), nullable=False),
    sa.Column('documents_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contract_number')
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_collectivite_id'), ['collectivite_id'], unique=False)

    op.create_table('email_domains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('domain')
    )
    with op.batch_alter_table('email_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_domains_collectivite_id'), ['collectivite_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('email_domains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_domains_collectivite_id'))

    op.drop_table('email_domains')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_collectivite_id'))

    op.drop_table('contracts')
    with op.batch_alter_table('contact_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_emails_collectivite_id'))

    op.drop_table('contact_emails')
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agents_nir'))
        batch_op.drop_index(batch_op.f('ix_agents_collectivite_id'))

    op.drop_table('agents')
    op.drop_table('collectivites')
