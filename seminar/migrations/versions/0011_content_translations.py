"""content translations: every visible text in each of the event's languages

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('source_digest', sa.String(length=64), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_content_translation_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_content_translation_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translation')),
    sa.UniqueConstraint('owner', 'owner_id', 'field', 'lang', name=op.f('uq_content_translation_owner_owner_id_field_lang')),
    )
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_translation_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_content_translation_event_lang', ['event_id', 'lang'], unique=False)

    op.create_table('content_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_content_source_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_source')),
    sa.UniqueConstraint('owner', 'owner_id', 'field', name=op.f('uq_content_source_owner_owner_id_field')),
    )
    with op.batch_alter_table('content_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_source_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('content_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_source_event_id'))
    op.drop_table('content_source')

    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.drop_index('ix_content_translation_event_lang')
        batch_op.drop_index(batch_op.f('ix_content_translation_event_id'))
    op.drop_table('content_translation')
