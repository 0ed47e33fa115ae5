"""erasure requests: what a manager asked to have erased, waiting for the administrators' decision

Revision ID: 0011
Revises: 0010

0008 (the pacing table) is written in parallel; when both are merged this one follows it (down_revision '0008').
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('erasure_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.String(length=256), nullable=True),
    sa.Column('decided_by_name', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_erasure_requests_manager_id_managers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_requests'))
    )
    op.create_index('ix_erasure_requests_tenant_status', 'erasure_requests', ['tenant_id', 'status'], unique=False)
    op.create_index(op.f('ix_erasure_requests_manager_id'), 'erasure_requests', ['manager_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_erasure_requests_manager_id'), table_name='erasure_requests')
    op.drop_index('ix_erasure_requests_tenant_status', table_name='erasure_requests')
    op.drop_table('erasure_requests')
