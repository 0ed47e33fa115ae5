"""channel digest: a submitted self-assessment waits for the central team's daily digest card until the transaction
that queues the digest listing it clears the mark

Revision ID: 0019
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every assessment submitted before this revision had its own card in the channel: none waits for a digest.
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('awaits_digest', sa.Boolean(), server_default=sa.text('false'), nullable=False))
        batch_op.create_index('ix_assessments_awaits_digest', ['awaits_digest'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_assessments_awaits_digest')
        batch_op.drop_column('awaits_digest')
