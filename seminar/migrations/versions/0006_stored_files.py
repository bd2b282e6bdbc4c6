"""stored files: uploads, imports and rendered documents in the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 22:15:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # Import lists used to wait in instance/uploads/imports and images lived in instance/uploads;
    # `flask --app seminar import-uploads` copies old images into this table.
    op.create_table('stored_file',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', seminar.dbtypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_stored_file'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index('ix_stored_file_expires_at', ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index('ix_stored_file_expires_at')

    op.drop_table('stored_file')
