"""send slots: the sends every instance reserved per tenant and conversation, so together they keep to
Teams' limits

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('send_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_send_slots'))
    )
    op.create_index('ix_send_slots_key_at', 'send_slots', ['key', 'at'], unique=False)
    op.create_index('ix_send_slots_at', 'send_slots', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_send_slots_at', table_name='send_slots')
    op.drop_index('ix_send_slots_key_at', table_name='send_slots')
    op.drop_table('send_slots')
