"""indexes on the columns that name a person, so erasing one (by request or by the retention job) finds their
rows without scanning whole tables

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ('ix_answers_answered_by', 'answers', 'answered_by'),
    ('ix_improvement_ideas_written_by', 'improvement_ideas', 'written_by'),
    ('ix_support_requests_assignee_id', 'support_requests', 'assignee_id'),
    ('ix_request_events_actor_id', 'request_events', 'actor_id'),
    ('ix_outbox_manager_id', 'outbox', 'manager_id'),
    ('ix_audit_log_actor_id', 'audit_log', 'actor_id'),
]


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], unique=False)


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
