"""who wrote each comment and improvement idea, so erasing one person leaves their colleagues' text

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_answers_answered_by_managers'), 'managers', ['answered_by'], ['id'], ondelete='SET NULL'
        )
    with op.batch_alter_table('improvement_ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_improvement_ideas_written_by_managers'), 'managers', ['written_by'], ['id'],
            ondelete='SET NULL',
        )
    # Text written before this migration: attributed to whoever started the assessment, as erasure did so far.
    op.execute(
        "UPDATE answers SET answered_by = (SELECT started_by FROM assessments WHERE assessments.id = answers.assessment_id)"
    )
    op.execute(
        "UPDATE improvement_ideas SET written_by = "
        "(SELECT started_by FROM assessments WHERE assessments.id = improvement_ideas.assessment_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('improvement_ideas', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_improvement_ideas_written_by_managers'), type_='foreignkey')
        batch_op.drop_column('written_by')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_answers_answered_by_managers'), type_='foreignkey')
        batch_op.drop_column('answered_by')
