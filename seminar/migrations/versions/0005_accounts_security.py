"""accounts security: session stamps, sign-in throttling, unlock links

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 22:15:00

"""
import secrets

from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # Every user gets a session stamp of their own; sessions from before carry none and end.
    # A plain ADD COLUMN, never a batch copy of "user": on SQLite, dropping the old copy would
    # cascade to every row that refers to a user (memberships...).
    op.add_column('user', sa.Column('session_stamp', sa.String(length=32), nullable=False, server_default=''))
    user = sa.table('user', sa.column('id', sa.Integer()), sa.column('session_stamp', sa.String()))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(user.c.id)).all():
        connection.execute(
            user.update().where(user.c.id == user_id).values(session_stamp=secrets.token_hex(16))
        )
    if connection.dialect.name != 'sqlite':  # SQLite keeps the unused default: no copy for it
        op.alter_column('user', 'session_stamp', server_default=None)

    # Only failures are kept now (throttling counts them per account and address, and per address).
    op.execute("DELETE FROM login_attempt WHERE succeeded = true")
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_email_at')
        batch_op.drop_column('succeeded')
        batch_op.create_index('ix_login_attempt_email_address_at', ['email', 'address', 'attempted_at'], unique=False)
        batch_op.create_index('ix_login_attempt_attempted_at', ['attempted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_attempted_at')
        batch_op.drop_index('ix_login_attempt_email_address_at')
        batch_op.add_column(sa.Column('succeeded', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_login_attempt_email_at', ['email', 'attempted_at'], unique=False)

    # SQLite's own DROP COLUMN (3.35+), not a batch copy of "user" (see upgrade).
    op.drop_column('user', 'session_stamp')
