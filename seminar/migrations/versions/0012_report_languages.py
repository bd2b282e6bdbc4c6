"""report languages: one stored PDF per language of each finalized report version

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

FILE_COLUMNS = 'pdf, pdf_size, sha256, page_count, document_id'
VERSION_FK = 'fk_report_version_file_version_id_report_version'

# SQLite rebuilds a table to drop or add columns (batch mode): dropping the old table deletes the
# rows that reference it through ON DELETE CASCADE, since foreign keys are enforced. So the files
# reference their version only while report_version is not being rebuilt.


def upgrade():
    op.create_table('report_version_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('pdf_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['rendered_document.id'], name=op.f('fk_report_version_file_document_id_rendered_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_version_file')),
    sa.UniqueConstraint('version_id', 'lang', name=op.f('uq_report_version_file_version_id_lang'))
    )

    # Every existing version keeps its one PDF, as the file in the language it was made in.
    op.execute(
        f'INSERT INTO report_version_file (version_id, lang, {FILE_COLUMNS}) '
        f'SELECT id, language, {FILE_COLUMNS} FROM report_version'
    )

    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_version_document_id_rendered_document'), type_='foreignkey')
        batch_op.drop_column('document_id')
        batch_op.drop_column('page_count')
        batch_op.drop_column('sha256')
        batch_op.drop_column('pdf_size')
        batch_op.drop_column('pdf')

    with op.batch_alter_table('report_version_file', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f(VERSION_FK), 'report_version', ['version_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_report_version_file_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_version_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_version_file_version_id'))
        batch_op.drop_constraint(batch_op.f(VERSION_FK), type_='foreignkey')

    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('pdf_size', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('page_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_report_version_document_id_rendered_document'), 'rendered_document', ['document_id'], ['id'], ondelete='SET NULL')

    # Back to one PDF per version: the one in the version's own language; the others are dropped.
    for column in FILE_COLUMNS.split(', '):
        op.execute(
            f'UPDATE report_version SET {column} = (SELECT f.{column} FROM report_version_file f '
            'WHERE f.version_id = report_version.id AND f.lang = report_version.language) '
            'WHERE EXISTS (SELECT 1 FROM report_version_file f '
            'WHERE f.version_id = report_version.id AND f.lang = report_version.language)'
        )

    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.alter_column('pdf_size', server_default=None)
        batch_op.alter_column('sha256', server_default=None)
        batch_op.alter_column('page_count', server_default=None)

    op.drop_table('report_version_file')
