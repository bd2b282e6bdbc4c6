"""messages: messages to participants, their recipients, automatic reminders before the event

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 05:20:00

"""

from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "participant_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("automatic", sa.String(length=20), nullable=True),
        sa.Column("subjects", sa.JSON(), nullable=False),
        sa.Column("bodies", sa.JSON(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "DRAFT",
                "SCHEDULED",
                "SENDING",
                "SENT",
                "CANCELLED",
                name="messagestate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("scheduled_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column("sent_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", seminar.dbtypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", seminar.dbtypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_participant_message_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_participant_message_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_message")),
        sa.UniqueConstraint(
            "event_id", "automatic", name=op.f("uq_participant_message_event_id_automatic")
        ),
    )
    with op.batch_alter_table("participant_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_message_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "message_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitation.id"],
            name=op.f("fk_message_recipient_invitation_id_invitation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["participant_message.id"],
            name=op.f("fk_message_recipient_message_id_participant_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox_message.id"],
            name=op.f("fk_message_recipient_outbox_id_outbox_message"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_message_recipient_registration_id_registration"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_recipient")),
        sa.UniqueConstraint(
            "message_id", "email", name=op.f("uq_message_recipient_message_id_email")
        ),
    )
    with op.batch_alter_table("message_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_recipient_message_id"), ["message_id"], unique=False
        )

    # Existing events keep the automatic reminder off until their organizers switch it on.
    with op.batch_alter_table("outreach_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_event_reminder_on", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("event_reminder_days", sa.Integer(), nullable=False, server_default="2")
        )


def downgrade():
    with op.batch_alter_table("outreach_settings", schema=None) as batch_op:
        batch_op.drop_column("event_reminder_days")
        batch_op.drop_column("is_event_reminder_on")

    with op.batch_alter_table("message_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_recipient_message_id"))
    op.drop_table("message_recipient")

    with op.batch_alter_table("participant_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_message_event_id"))
    op.drop_table("participant_message")
