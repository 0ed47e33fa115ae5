"""catalogue publications: which stored catalogue version is in force, published from a file or from Teams

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('catalogue_publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['version'], ['catalogue_versions.version'], name=op.f('fk_catalogue_publications_version_catalogue_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_publications'))
    )
    op.create_index(op.f('ix_catalogue_publications_version'), 'catalogue_publications', ['version'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_catalogue_publications_version'), table_name='catalogue_publications')
    op.drop_table('catalogue_publications')
