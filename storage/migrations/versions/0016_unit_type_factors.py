"""unit type factors: a catalogue factor may belong to a kind of unit (verksamhetstyp), and a unit may have one

Revision ID: 0016
Revises: 0015

Both columns are empty for what is stored already, which is right: no catalogue version before this one could
have unit types, so every stored factor is common and no unit has a type until a catalogue gives it one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('catalogue_factors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_type', sa.String(length=64), nullable=True))
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_type', sa.String(length=64), nullable=True))


def downgrade() -> None:
    # SQLite drops the column in place (3.35+): copying `units` anew, as a batch would, cannot drop the table
    # while assessments and manager links refer to it with foreign keys on.
    with op.batch_alter_table('units', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('unit_type')
    with op.batch_alter_table('catalogue_factors', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('unit_type')
