"""per-period declaration: each period's receipt date, deadlines, late flag, cover start and missing pieces;
pieces linked to the period they justify; TPT origin, recours contre tiers, certificat final; insured bases

Revision ID: 0007_claim_periods
Revises: correspondant_and_no_reply
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_claim_periods'
down_revision = 'correspondant_and_no_reply'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('periods') as batch:
        batch.add_column(sa.Column('declared_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('declaration_due', sa.Date(), nullable=True))
        batch.add_column(sa.Column('pieces_due', sa.Date(), nullable=True))
        batch.add_column(sa.Column('cover_start', sa.Date(), nullable=True))
        batch.add_column(sa.Column('hors_delai', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('prescrit', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('missing_documents', sa.JSON(), nullable=True))
    # Periods recorded before: declared with their claim (the only date known for them).
    op.execute("UPDATE periods SET declared_on = "
               "(SELECT claims.declared_on FROM claims WHERE claims.id = periods.claim_id)")
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('period_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_documents_period_id', 'periods', ['period_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('claims') as batch:
        batch.add_column(sa.Column('origin_claim_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('recours_tiers', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('final_certificate', sa.Date(), nullable=True))
        batch.create_foreign_key('fk_claims_origin_claim_id', 'claims', ['origin_claim_id'], ['id'])
    op.create_table('insured_bases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('tbi', sa.Numeric(14, 2), nullable=False),
    sa.Column('nbi', sa.Numeric(14, 2), nullable=True),
    sa.Column('sft', sa.Numeric(14, 2), nullable=True),
    sa.Column('indemnite_residence', sa.Numeric(14, 2), nullable=True),
    sa.Column('regime_indemnitaire', sa.Numeric(14, 2), nullable=True),
    sa.Column('charges_patronales', sa.Numeric(14, 2), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contract_id', 'year', name='uq_insured_bases_contract_year')
    )
    op.create_index('ix_insured_bases_contract_id', 'insured_bases', ['contract_id'])


def downgrade() -> None:
    op.drop_index('ix_insured_bases_contract_id', table_name='insured_bases')
    op.drop_table('insured_bases')
    with op.batch_alter_table('claims') as batch:
        batch.drop_constraint('fk_claims_origin_claim_id', type_='foreignkey')
        batch.drop_column('final_certificate')
        batch.drop_column('recours_tiers')
        batch.drop_column('origin_claim_id')
    with op.batch_alter_table('documents') as batch:
        batch.drop_constraint('fk_documents_period_id', type_='foreignkey')
        batch.drop_column('period_id')
    with op.batch_alter_table('periods') as batch:
        for column in ('missing_documents', 'prescrit', 'hors_delai', 'cover_start', 'pieces_due',
                       'declaration_due', 'declared_on'):
            batch.drop_column(column)
