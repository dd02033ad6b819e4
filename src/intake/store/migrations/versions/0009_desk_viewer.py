"""desk: OCR page orientation on documents, desk settings (bulk-confirm threshold), audit log by action

Revision ID: 0009_desk_viewer
Revises: 0008_several_machines
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_desk_viewer'
down_revision = '0008_several_machines'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # How OCR turned each page upright: the desk shows scans as OCR read them, word boxes on them.
    op.add_column('documents', sa.Column('pages', sa.JSON(), nullable=True))
    op.create_table(
        'desk_settings',
        sa.Column('name', sa.String(64), primary_key=True),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('updated_by', sa.String(320), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    )
    # The dashboard's correction rates read the corrections of the last weeks: by action, then by date.
    op.create_index('ix_audit_log_action_at', 'audit_log', ['action', 'at'])


def downgrade() -> None:
    op.drop_index('ix_audit_log_action_at', table_name='audit_log')
    op.drop_table('desk_settings')
    op.drop_column('documents', 'pages')
