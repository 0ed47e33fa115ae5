"""erasure requests remember when the administrators were reminded that the last day to answer is near

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('erasure_requests') as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('erasure_requests') as batch_op:
        batch_op.drop_column('reminded_at')
