"""answers.unrated: a comment a manager saved in a draft ("Spara utkast") before rating its factor

Until then an answer row always held a rating, and a NULL score meant "not applicable". A draft saved half-way
may hold a comment on a factor that has no rating yet; such a row is marked unrated, its score means nothing,
and the factor still counts as unanswered. Only drafts ever hold one: a perspective marked done and a
submitted assessment need every factor rated, which clears the mark. Existing rows are all rated.

Revision ID: 0021
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('answers') as batch:
        batch.add_column(sa.Column('unrated', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('answers') as batch:
        batch.drop_column('unrated')
