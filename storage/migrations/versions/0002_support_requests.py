"""support requests, audit, channel and outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:32:19.394117
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('managers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=16), nullable=True))
    with op.batch_alter_table('processed_activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('notification_channels',
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('team_id', sa.String(length=256), nullable=False),
    sa.Column('channel_id', sa.String(length=256), nullable=False),
    sa.Column('channel_name', sa.String(length=200), nullable=True),
    sa.Column('service_url', sa.String(length=512), nullable=False),
    sa.Column('bot_id', sa.String(length=256), nullable=False),
    sa.Column('linked_by_id', sa.String(length=64), nullable=False),
    sa.Column('linked_by_name', sa.String(length=200), nullable=True),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_notification_channels'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('actor_id', sa.String(length=256), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_tenant_at', ['tenant_id', 'at'], unique=False)

    op.create_table('reference_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_reference_counters'))
    )
    op.create_table('team_installations',
    sa.Column('team_id', sa.String(length=256), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('team_name', sa.String(length=200), nullable=True),
    sa.Column('service_url', sa.String(length=512), nullable=False),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('team_id', name=op.f('pk_team_installations'))
    )
    op.create_table('support_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('order_key', sa.String(length=64), nullable=True),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('offering_key', sa.String(length=64), nullable=False),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('preferred_period', sa.String(length=16), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('perspective_key', sa.String(length=32), nullable=True),
    sa.Column('factor_key', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('assignee_id', sa.String(length=64), nullable=True),
    sa.Column('assignee_name', sa.String(length=200), nullable=True),
    sa.Column('planned_for', sa.Date(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('card_activity_id', sa.String(length=256), nullable=True),
    sa.Column('card_conversation_id', sa.String(length=512), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_support_requests_assessment_id_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['catalogue_version'], ['catalogue_versions.version'], name=op.f('fk_support_requests_catalogue_version_catalogue_versions')),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_support_requests_manager_id_managers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_support_requests_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_requests')),
    sa.UniqueConstraint('order_key', name=op.f('uq_support_requests_order_key')),
    sa.UniqueConstraint('reference', name=op.f('uq_support_requests_reference'))
    )
    with op.batch_alter_table('support_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_requests_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index('ix_support_requests_status_created', ['status', 'created_at'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=16), nullable=False),
    sa.Column('queue', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('posted_activity_id', sa.String(length=256), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_outbox_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_outbox_manager_id_managers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['support_requests.id'], name=op.f('fk_outbox_request_id_support_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_outbox_queue', ['queue', 'status'], unique=False)

    op.create_table('request_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['support_requests.id'], name=op.f('fk_request_events_request_id_support_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_events'))
    )
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_events_request_id'), ['request_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_events_request_id'))

    op.drop_table('request_events')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_queue')
        batch_op.drop_index('ix_outbox_due')

    op.drop_table('outbox')
    with op.batch_alter_table('support_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_support_requests_status_created')
        batch_op.drop_index(batch_op.f('ix_support_requests_manager_id'))

    op.drop_table('support_requests')
    op.drop_table('team_installations')
    op.drop_table('reference_counters')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_tenant_at')
    op.drop_table('audit_log')
    op.drop_table('notification_channels')
    with op.batch_alter_table('processed_activities', schema=None) as batch_op:
        batch_op.drop_column('finished_at')
    with op.batch_alter_table('managers', schema=None) as batch_op:
        batch_op.drop_column('locale')
