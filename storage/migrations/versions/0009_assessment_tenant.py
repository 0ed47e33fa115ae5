"""the tenant an assessment belongs to: a tenant's central team sees what its own managers submitted

Rows already there take the tenant of the manager who submitted them, else of the one who started them,
else of whoever wrote an answer, else of the outbox item or request that named them; a database that has
only ever seen one tenant gives the rest that tenant. What is still unknown (every manager in it erased, in
a deployment of several tenants) stays NULL and is shown to no tenant.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
UPDATE assessments SET tenant_id = COALESCE(
    (SELECT m.tenant_id FROM managers m WHERE m.id = assessments.submitted_by),
    (SELECT m.tenant_id FROM managers m WHERE m.id = assessments.started_by),
    (SELECT MIN(m.tenant_id) FROM answers a JOIN managers m ON m.id = a.answered_by
        WHERE a.assessment_id = assessments.id),
    (SELECT MIN(o.tenant_id) FROM outbox o WHERE o.assessment_id = assessments.id),
    (SELECT MIN(r.tenant_id) FROM support_requests r WHERE r.assessment_id = assessments.id)
)
WHERE tenant_id IS NULL
"""

KNOWN_TENANTS = """
SELECT tenant_id FROM managers
UNION SELECT tenant_id FROM support_requests
UNION SELECT tenant_id FROM notification_channels
UNION SELECT tenant_id FROM team_installations
"""


def upgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tenant_id', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    connection.execute(sa.text(BACKFILL))
    tenants = connection.execute(sa.text(KNOWN_TENANTS)).scalars().all()
    if len(tenants) == 1:
        connection.execute(
            sa.text("UPDATE assessments SET tenant_id = :tenant WHERE tenant_id IS NULL"), {"tenant": tenants[0]}
        )


def downgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_column('tenant_id')
