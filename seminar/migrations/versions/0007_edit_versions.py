"""edit versions: optimistic concurrency on every edited document

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 22:15:00

No schema change: every edited document already has its version column (``version_id_col`` on
event, report, report_section, session_note, recommendation and registration, since 0001-0004).
What this step of the chain brought is behaviour: each edit form sends the version it was loaded
from, the services compare it, and a stale save or a race at commit time becomes a 409 page with
both versions (seminar/edits.py, seminar/uow.py). The report row is no longer created by opening
the workspace; it is created by its first save.

"""


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
