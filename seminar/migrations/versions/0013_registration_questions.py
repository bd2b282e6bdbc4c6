"""registration questions: custom questions of the registration form, their choices and answers

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('SHORT_TEXT', 'LONG_TEXT', 'ONE_CHOICE', 'SEVERAL_CHOICES', 'YES_NO', 'DATE', name='questionkind', native_enum=False, length=20), nullable=False),
    sa.Column('label', sa.JSON(), nullable=False),
    sa.Column('help', sa.JSON(), nullable=False),
    sa.Column('is_required', sa.Boolean(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('is_hidden', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_registration_question_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_question'))
    )
    with op.batch_alter_table('registration_question', schema=None) as batch_op:
        batch_op.create_index('ix_registration_question_event_position', ['event_id', 'position'], unique=False)

    op.create_table('question_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('label', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_hidden', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['registration_question.id'], name=op.f('fk_question_choice_question_id_registration_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_choice')),
    sa.UniqueConstraint('question_id', 'key', name=op.f('uq_question_choice_question_id_key'))
    )
    with op.batch_alter_table('question_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_choice_question_id'), ['question_id'], unique=False)

    op.create_table('registration_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['registration_question.id'], name=op.f('fk_registration_answer_question_id_registration_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_answer_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_answer')),
    sa.UniqueConstraint('registration_id', 'question_id', name=op.f('uq_registration_answer_registration_id_question_id'))
    )
    with op.batch_alter_table('registration_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_answer_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_answer_registration_id'), ['registration_id'], unique=False)


def downgrade():
    with op.batch_alter_table('registration_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_answer_registration_id'))
        batch_op.drop_index(batch_op.f('ix_registration_answer_question_id'))

    op.drop_table('registration_answer')
    with op.batch_alter_table('question_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_choice_question_id'))

    op.drop_table('question_choice')
    with op.batch_alter_table('registration_question', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_question_event_position')

    op.drop_table('registration_question')
