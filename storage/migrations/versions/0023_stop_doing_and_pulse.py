"""stop doing and pulse: the self-assessment's optional "Vad kan vi sluta göra?" and whose text it is; the
managers' pulse on the steering model, asked once a period (who was asked) and answered anonymously (issue 18)

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stop_doing', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('stop_doing_by', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assessments_stop_doing_by'), ['stop_doing_by'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_assessments_stop_doing_by_managers'), 'managers', ['stop_doing_by'], ['id'],
            ondelete='SET NULL',
        )
    op.create_table(
        'pulse_invitations',
        sa.Column('manager_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('tenant_id', sa.String(length=64), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ['manager_id'], ['managers.id'], name=op.f('fk_pulse_invitations_manager_id_managers'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('manager_id', 'period', name=op.f('pk_pulse_invitations')),
    )
    with op.batch_alter_table('pulse_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pulse_invitations_asked_at'), ['asked_at'], unique=False)
    op.create_table(
        'pulse_answers',
        sa.Column('tenant_id', sa.String(length=64), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('tenant_id', 'period', 'position', name=op.f('pk_pulse_answers')),
    )


def downgrade() -> None:
    op.drop_table('pulse_answers')
    with op.batch_alter_table('pulse_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulse_invitations_asked_at'))
    op.drop_table('pulse_invitations')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessments_stop_doing_by_managers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assessments_stop_doing_by'))
        batch_op.drop_column('stop_doing_by')
        batch_op.drop_column('stop_doing')
