"""request workbench: the central team's request card as a workbench (issue 15) — whom an assignment gave a
request to and what else a history line shows, whether a request is urgent and why, the planned visit's time and
place

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('subject_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('detail', sa.Text(), nullable=True))
    with op.batch_alter_table('support_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgent', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('urgency_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('planned_time', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('planned_place', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('planned_online', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('support_requests', schema=None) as batch_op:
        batch_op.drop_column('planned_online')
        batch_op.drop_column('planned_place')
        batch_op.drop_column('planned_time')
        batch_op.drop_column('urgency_reason')
        batch_op.drop_column('urgent')
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.drop_column('detail')
        batch_op.drop_column('subject_name')
        batch_op.drop_column('subject_id')
