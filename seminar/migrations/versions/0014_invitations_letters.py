"""invitations letters: invitations and nominations, invitation letters, passport details, outreach settings

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 01:30:00

"""

from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outreach_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("reminder_max", sa.Integer(), nullable=False),
        sa.Column("reminder_days", sa.Integer(), nullable=False),
        sa.Column("passport_retention_days", sa.Integer(), nullable=False),
        sa.Column("reference_prefix", sa.String(length=8), nullable=False),
        sa.Column("signatory_name", sa.String(length=200), nullable=False),
        sa.Column("signatory_title", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_outreach_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outreach_settings_event_id")),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("INSTITUTION", "PERSON", name="invitationkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("institution", sa.String(length=200), nullable=False),
        sa.Column(
            "institution_type",
            sa.Enum(
                "GOVERNMENT",
                "INTERNATIONAL",
                "CIVIL_SOCIETY",
                "ACADEMIA",
                "OTHER",
                name="institutiontype",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("seat_reserved_until", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "NOMINATED",
                "REGISTERED",
                "DECLINED",
                "EXPIRED",
                name="invitationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("token_salt", sa.String(length=24), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("reminder_count", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column("last_reminded_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column("answered_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", seminar.dbtypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_invitation_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_invitation_registration_id_registration"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("event_id", "email", name=op.f("uq_invitation_event_id_email")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_event_id"), ["event_id"], unique=False)

    op.create_table(
        "nomination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "NOMINATED",
                "REGISTERED",
                "WITHDRAWN",
                name="nominationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("token_salt", sa.String(length=24), nullable=False),
        sa.Column("created_at", seminar.dbtypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitation.id"],
            name=op.f("fk_nomination_invitation_id_invitation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_nomination_registration_id_registration"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination")),
        sa.UniqueConstraint(
            "invitation_id", "email", name=op.f("uq_nomination_invitation_id_email")
        ),
    )
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nomination_invitation_id"), ["invitation_id"], unique=False
        )

    op.create_table(
        "invitation_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("VISA", "TRAVEL", name="letterkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("REQUESTED", "ISSUED", name="letterstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("coverage", sa.JSON(), nullable=False),
        sa.Column("requested_at", seminar.dbtypes.UTCDateTime(), nullable=False),
        sa.Column("issued_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_invitation_letter_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user.id"],
            name=op.f("fk_invitation_letter_issued_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_invitation_letter_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_letter")),
        sa.UniqueConstraint("reference", name=op.f("uq_invitation_letter_reference")),
        sa.UniqueConstraint(
            "registration_id", "kind", name=op.f("uq_invitation_letter_registration_id_kind")
        ),
    )
    with op.batch_alter_table("invitation_letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitation_letter_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invitation_letter_registration_id"), ["registration_id"], unique=False
        )

    op.create_table(
        "passport_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("created_at", seminar.dbtypes.UTCDateTime(), nullable=False),
        sa.Column("erased_at", seminar.dbtypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_passport_details_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_details")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_passport_details_registration_id")),
    )


def downgrade():
    op.drop_table("passport_details")
    with op.batch_alter_table("invitation_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_letter_registration_id"))
        batch_op.drop_index(batch_op.f("ix_invitation_letter_event_id"))
    op.drop_table("invitation_letter")
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_invitation_id"))
    op.drop_table("nomination")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_event_id"))
    op.drop_table("invitation")
    op.drop_table("outreach_settings")
