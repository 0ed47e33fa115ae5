"""group rounds: the work group's anonymous assessment (gruppbedömning) — rounds, the per-round key and hashes of
who has answered (deleted at close), the answers as counts per factor and choice, the free text at random positions

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('group_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('factor_keys', sa.Text(), nullable=False),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('min_answers', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('conversation_id', sa.String(length=512), nullable=True),
    sa.Column('service_url', sa.String(length=512), nullable=True),
    sa.Column('bot_id', sa.String(length=256), nullable=True),
    sa.Column('card_activity_id', sa.String(length=256), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['catalogue_version'], ['catalogue_versions.version'], name=op.f('fk_group_rounds_catalogue_version_catalogue_versions')),
    sa.ForeignKeyConstraint(['started_by'], ['managers.id'], name=op.f('fk_group_rounds_started_by_managers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_group_rounds_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_rounds')),
    sa.UniqueConstraint('unit_id', 'period', name=op.f('uq_group_rounds_unit_id_period'))
    )
    with op.batch_alter_table('group_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_rounds_started_by'), ['started_by'], unique=False)
        batch_op.create_index('ix_group_rounds_status_ends_on', ['status', 'ends_on'], unique=False)

    op.create_table('group_round_comments',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['group_rounds.id'], name=op.f('fk_group_round_comments_round_id_group_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'position', name=op.f('pk_group_round_comments'))
    )
    op.create_table('group_round_keys',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['group_rounds.id'], name=op.f('fk_group_round_keys_round_id_group_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_group_round_keys'))
    )
    op.create_table('group_round_scores',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('factor_key', sa.String(length=64), nullable=False),
    sa.Column('choice', sa.String(length=8), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['group_rounds.id'], name=op.f('fk_group_round_scores_round_id_group_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'factor_key', 'choice', name=op.f('pk_group_round_scores'))
    )
    op.create_table('group_round_voters',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['group_rounds.id'], name=op.f('fk_group_round_voters_round_id_group_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'token', name=op.f('pk_group_round_voters'))
    )


def downgrade() -> None:
    op.drop_table('group_round_voters')
    op.drop_table('group_round_scores')
    op.drop_table('group_round_keys')
    op.drop_table('group_round_comments')
    with op.batch_alter_table('group_rounds', schema=None) as batch_op:
        batch_op.drop_index('ix_group_rounds_status_ends_on')
        batch_op.drop_index(batch_op.f('ix_group_rounds_started_by'))

    op.drop_table('group_rounds')
