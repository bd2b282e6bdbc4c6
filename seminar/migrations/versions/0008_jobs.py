"""jobs: rendered documents with their render state, mail failure reasons, versions rendered later

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 22:15:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rendered_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('variant', sa.String(length=20), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease_until', seminar.dbtypes.UTCDateTime(), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('created_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', seminar.dbtypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_rendered_document_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rendered_document')),
    sa.UniqueConstraint('key', name=op.f('uq_rendered_document_key'))
    )
    with op.batch_alter_table('rendered_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rendered_document_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_rendered_document_status_lease', ['status', 'lease_until'], unique=False)

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_code', sa.String(length=30), nullable=False, server_default=''))

    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.alter_column('pdf', existing_type=sa.LargeBinary(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_report_version_document_id_rendered_document'), 'rendered_document', ['document_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_version_document_id_rendered_document'), type_='foreignkey')
        batch_op.alter_column('pdf', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('document_id')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('error_code')

    with op.batch_alter_table('rendered_document', schema=None) as batch_op:
        batch_op.drop_index('ix_rendered_document_status_lease')
        batch_op.drop_index(batch_op.f('ix_rendered_document_event_id'))

    op.drop_table('rendered_document')
