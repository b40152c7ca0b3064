"""unit boundaries imported from GeoJSON

Revision ID: g001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "geometry_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("features", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("unknown_codes", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geometry_imports")),
    )
    with op.batch_alter_table("geometry_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_geometry_imports_sha256"), ["sha256"], unique=False)

    op.create_table(
        "unit_geometries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=10), nullable=False),
        sa.Column("rings", sa.JSON(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["geometry_imports.id"],
            name=op.f("fk_unit_geometries_import_id_geometry_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_geometries")),
        sa.UniqueConstraint("unit_code", name=op.f("uq_unit_geometries_unit_code")),
    )
    with op.batch_alter_table("unit_geometries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_geometries_import_id"), ["import_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("unit_geometries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_geometries_import_id"))
    op.drop_table("unit_geometries")
    with op.batch_alter_table("geometry_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_geometry_imports_sha256"))
    op.drop_table("geometry_imports")
