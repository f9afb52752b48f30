"""Award rounds in the browser: a thủ trưởng đơn vị role names the unit it is held for (the
unit's id in the round: its nomination file's name), as a người ký role names its signer."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.add_column(sa.Column("unit", sa.String(100)))


def downgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.drop_column("unit")
