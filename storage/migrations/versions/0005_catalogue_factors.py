"""each catalogue version's factors as rows (perspective, position), so results are aggregated in SQL

Revision ID: 0005
Revises: 0004
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    factors = op.create_table('catalogue_factors',
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('factor_key', sa.String(length=64), nullable=False),
    sa.Column('perspective_key', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['catalogue_version'], ['catalogue_versions.version'], name=op.f('fk_catalogue_factors_catalogue_version_catalogue_versions')),
    sa.PrimaryKeyConstraint('catalogue_version', 'factor_key', name=op.f('pk_catalogue_factors'))
    )
    # Versions stored before this migration: read from their stored JSON here, not through the app's
    # catalogue parser, which may change after this migration was written.
    stored = op.get_bind().execute(sa.text('SELECT version, content FROM catalogue_versions')).all()
    rows = [row for version, content in stored for row in _factor_rows(version, content)]
    if rows:
        op.bulk_insert(factors, rows)


def _factor_rows(version: str, content: str) -> list[dict[str, Any]]:
    """The factors in catalogue order, as Catalogue.to_json() wrote them: perspectives[].factors[].key."""
    rows = []
    for perspective in json.loads(content)['perspectives']:
        for factor in perspective['factors']:
            rows.append({
                'catalogue_version': version,
                'factor_key': factor['key'],
                'perspective_key': perspective['key'],
                'position': len(rows),
            })
    return rows


def downgrade() -> None:
    op.drop_table('catalogue_factors')
