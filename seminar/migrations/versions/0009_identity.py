"""identity: host organizations with logos and certificate signatories; the event's hosts text and the report's own hosts and logo become host rows

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa

import seminar.dbtypes


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

event_t = sa.table('event', sa.column('id', sa.Integer), sa.column('hosts', sa.Text),
                   sa.column('updated_at', seminar.dbtypes.UTCDateTime))
report_t = sa.table('report', sa.column('event_id', sa.Integer), sa.column('hosts', sa.Text),
                    sa.column('logo', sa.String))
host_t = sa.table('host_organization', sa.column('id', sa.Integer),
                  sa.column('event_id', sa.Integer), sa.column('position', sa.Integer),
                  sa.column('name', sa.String), sa.column('short_name', sa.String),
                  sa.column('logo', sa.String), sa.column('logo_alt', sa.String),
                  sa.column('version', sa.Integer),
                  sa.column('updated_at', seminar.dbtypes.UTCDateTime))


def _lines(text):
    return list(dict.fromkeys(line.strip()[:300] for line in (text or '').splitlines() if line.strip()))


def upgrade():
    op.create_table('host_organization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=80), nullable=False),
    sa.Column('logo', sa.String(length=200), nullable=True),
    sa.Column('logo_alt', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_host_organization_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_host_organization'))
    )
    with op.batch_alter_table('host_organization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_host_organization_event_id'), ['event_id'], unique=False)

    op.create_table('signatory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organization', sa.String(length=300), nullable=False),
    sa.Column('signature', sa.String(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', seminar.dbtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_signatory_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatory'))
    )
    with op.batch_alter_table('signatory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatory_event_id'), ['event_id'], unique=False)

    # Each line of an event's hosts text becomes a host; a report's own logo goes to its main host.
    conn = op.get_bind()
    report_logos = dict(conn.execute(sa.select(report_t.c.event_id, report_t.c.logo)).all())
    rows = []
    for event_id, hosts, updated_at in conn.execute(
        sa.select(event_t.c.id, event_t.c.hosts, event_t.c.updated_at)
    ).all():
        for position, name in enumerate(_lines(hosts)):
            logo = report_logos.get(event_id) if position == 0 else None
            rows.append({'event_id': event_id, 'position': position, 'name': name,
                         'short_name': '', 'logo': logo, 'logo_alt': name if logo else '',
                         'version': 1, 'updated_at': updated_at})
    if rows:
        op.bulk_insert(host_t, rows)

    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch copy: copying a table drops the
    # old one, and with foreign keys on, that cascades to every row that refers to the event.
    op.drop_column('report', 'logo')
    op.drop_column('report', 'hosts')
    op.drop_column('event', 'hosts')


def downgrade():
    op.add_column('event', sa.Column('hosts', sa.Text(), nullable=False, server_default=''))
    op.add_column('report', sa.Column('hosts', sa.Text(), nullable=False, server_default=''))
    op.add_column('report', sa.Column('logo', sa.String(length=200), nullable=True))

    conn = op.get_bind()
    names, logos = {}, {}
    for event_id, name, logo in conn.execute(
        sa.select(host_t.c.event_id, host_t.c.name, host_t.c.logo)
        .order_by(host_t.c.event_id, host_t.c.position, host_t.c.id)
    ).all():
        names.setdefault(event_id, []).append(name)
        logos.setdefault(event_id, logo)  # the main host's logo becomes the report's again
    for event_id, event_names in names.items():
        text = '\n'.join(event_names)
        conn.execute(event_t.update().where(event_t.c.id == event_id).values(hosts=text))
        conn.execute(report_t.update().where(report_t.c.event_id == event_id)
                     .values(hosts=text, logo=logos[event_id]))

    with op.batch_alter_table('signatory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatory_event_id'))
    op.drop_table('signatory')
    with op.batch_alter_table('host_organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_host_organization_event_id'))
    op.drop_table('host_organization')
