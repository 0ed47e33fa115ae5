"""unit manager lists: the list of who may lead which unit, kept from Teams, and which list is in force

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('unit_manager_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('links', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_manager_lists')),
    sqlite_autoincrement=True,  # a discarded list's number is never given to another (a card still names it)
    )
    op.create_table('unit_manager_publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['unit_manager_lists.id'], name=op.f('fk_unit_manager_publications_list_id_unit_manager_lists')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_manager_publications'))
    )
    op.create_index(op.f('ix_unit_manager_publications_list_id'), 'unit_manager_publications', ['list_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_unit_manager_publications_list_id'), table_name='unit_manager_publications')
    op.drop_table('unit_manager_publications')
    op.drop_table('unit_manager_lists')
