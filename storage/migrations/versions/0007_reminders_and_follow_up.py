"""reminders (a manager's opt-out, when they were last reminded, and since when Teams refuses messages to them)
and the follow-up answer of a closed request

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('managers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_off_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_reminded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('unreachable_since', sa.DateTime(timezone=True), nullable=True))
    op.create_table('request_followups',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['support_requests.id'], name=op.f('fk_request_followups_request_id_support_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['answered_by'], ['managers.id'], name=op.f('fk_request_followups_answered_by_managers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_request_followups'))
    )
    op.create_index('ix_request_followups_answered_by', 'request_followups', ['answered_by'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_request_followups_answered_by', table_name='request_followups')
    op.drop_table('request_followups')
    with op.batch_alter_table('managers', schema=None) as batch_op:
        batch_op.drop_column('unreachable_since')
        batch_op.drop_column('last_reminded_at')
        batch_op.drop_column('reminders_off_at')
