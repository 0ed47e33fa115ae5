"""action plans: up to three actions per self-assessment for its weakest factors (what, who, by when), marked
done, reminded of a week before their last day, and followed up by the unit's next self-assessment

Revision ID: 0020
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020'
# 0018 and 0019 are written alongside; when they land, this one revises the newest of them.
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('perspective_key', sa.String(length=32), nullable=False),
    sa.Column('factor_key', sa.String(length=64), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('written_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.Integer(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('outcome_comment', sa.Text(), nullable=True),
    sa.Column('followed_up_in', sa.Integer(), nullable=True),
    sa.Column('followed_up_by', sa.Integer(), nullable=True),
    sa.Column('followed_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_actions_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by'], ['managers.id'], name=op.f('fk_actions_done_by_managers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['followed_up_by'], ['managers.id'], name=op.f('fk_actions_followed_up_by_managers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['followed_up_in'], ['assessments.id'], name=op.f('fk_actions_followed_up_in_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_actions_unit_id_units')),
    sa.ForeignKeyConstraint(['written_by'], ['managers.id'], name=op.f('fk_actions_written_by_managers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_done_by'), ['done_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_followed_up_by'), ['followed_up_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_written_by'), ['written_by'], unique=False)
        batch_op.create_index('ix_actions_unit_id_status', ['unit_id', 'status'], unique=False)
        batch_op.create_index('ix_actions_status_due_on', ['status', 'due_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_status_due_on')
        batch_op.drop_index('ix_actions_unit_id_status')
        batch_op.drop_index(batch_op.f('ix_actions_written_by'))
        batch_op.drop_index(batch_op.f('ix_actions_followed_up_by'))
        batch_op.drop_index(batch_op.f('ix_actions_done_by'))
        batch_op.drop_index(batch_op.f('ix_actions_assessment_id'))

    op.drop_table('actions')
