"""journeys: the reason of a check-in made for another day than today; audit entries by participants

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=300), nullable=False, server_default=''))

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_participant', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('by_participant')

    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('reason')
