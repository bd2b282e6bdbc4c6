"""front matter: imprint and switches of the report's optional parts, acronyms, registration sex

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_front_matter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('include_imprint', sa.Boolean(), nullable=False),
    sa.Column('include_acknowledgements', sa.Boolean(), nullable=False),
    sa.Column('include_acronyms', sa.Boolean(), nullable=False),
    sa.Column('include_statistics', sa.Boolean(), nullable=False),
    sa.Column('publisher', sa.String(length=300), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('licence', sa.Enum('CC_BY', 'CC_BY_NC_SA', 'ALL_RIGHTS_RESERVED', 'OTHER', name='licence', native_enum=False, length=30), nullable=False),
    sa.Column('licence_other', sa.String(length=500), nullable=False),
    sa.Column('disclaimer', sa.Text(), nullable=False),
    sa.Column('isbn', sa.String(length=20), nullable=False),
    sa.Column('issn', sa.String(length=9), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_front_matter_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_report_front_matter_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_front_matter')),
    sa.UniqueConstraint('report_id', name=op.f('uq_report_front_matter_report_id'))
    )
    op.create_table('report_acronym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('acronym', sa.String(length=20), nullable=False),
    sa.Column('expansion', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_acronym_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_acronym')),
    sa.UniqueConstraint('report_id', 'acronym', name=op.f('uq_report_acronym_report_id_acronym'))
    )
    with op.batch_alter_table('report_acronym', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_acronym_report_id'), ['report_id'], unique=False)

    # Existing registrations: sex not stated.
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sex', sa.Enum('NOT_STATED', 'FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED', name='sex', native_enum=False, length=20), nullable=False, server_default='NOT_STATED'))


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('sex')
    with op.batch_alter_table('report_acronym', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_acronym_report_id'))
    op.drop_table('report_acronym')
    op.drop_table('report_front_matter')
