"""resolve: common entries, judgements, review queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:31:45
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resolution_run",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("matcher", sa.String(length=64), nullable=False),
        sa.Column("auto_threshold", sa.Float(), nullable=False),
        sa.Column("review_threshold", sa.Float(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "stats", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_run")),
    )
    op.create_table(
        "common_entry",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("schema", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_run_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_run_id"],
            ["resolution_run.id"],
            name=op.f("fk_common_entry_created_run_id_resolution_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_common_entry")),
        sa.UniqueConstraint("seq", name=op.f("uq_common_entry_seq")),
    )
    with op.batch_alter_table("common_entry", schema=None) as batch_op:
        batch_op.create_index("ix_common_entry_status", ["status"], unique=False)

    op.create_table(
        "pair_score",
        sa.Column("left_id", sa.String(length=300), nullable=False),
        sa.Column("right_id", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["resolution_run.id"], name=op.f("fk_pair_score_run_id_resolution_run")
        ),
        sa.PrimaryKeyConstraint("left_id", "right_id", name=op.f("pk_pair_score")),
    )
    with op.batch_alter_table("pair_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_score_right_id"), ["right_id"], unique=False)

    op.create_table(
        "resolved_record",
        sa.Column("record_id", sa.String(length=300), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["resolution_run.id"], name=op.f("fk_resolved_record_run_id_resolution_run")
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_resolved_record")),
    )
    op.create_table(
        "entry_redirect",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("old_id", sa.String(length=16), nullable=False),
        sa.Column("new_id", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["new_id"], ["common_entry.id"], name=op.f("fk_entry_redirect_new_id_common_entry")
        ),
        sa.ForeignKeyConstraint(
            ["old_id"], ["common_entry.id"], name=op.f("fk_entry_redirect_old_id_common_entry")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["resolution_run.id"], name=op.f("fk_entry_redirect_run_id_resolution_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_redirect")),
    )
    with op.batch_alter_table("entry_redirect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entry_redirect_new_id"), ["new_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entry_redirect_old_id"), ["old_id"], unique=False)

    op.create_table(
        "entry_record",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=300), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_run_id", sa.Integer(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_run_id"],
            ["resolution_run.id"],
            name=op.f("fk_entry_record_added_run_id_resolution_run"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["common_entry.id"], name=op.f("fk_entry_record_entry_id_common_entry")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["source_record.id"],
            name=op.f("fk_entry_record_record_id_source_record"),
        ),
        sa.ForeignKeyConstraint(
            ["removed_run_id"],
            ["resolution_run.id"],
            name=op.f("fk_entry_record_removed_run_id_resolution_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_record")),
    )
    with op.batch_alter_table("entry_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entry_record_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entry_record_record_id"), ["record_id"], unique=False)

    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("left_id", sa.String(length=300), nullable=False),
        sa.Column("right_id", sa.String(length=300), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("user", sa.String(length=255), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["left_id"], ["source_record.id"], name=op.f("fk_judgement_left_id_source_record")
        ),
        sa.ForeignKeyConstraint(
            ["right_id"], ["source_record.id"], name=op.f("fk_judgement_right_id_source_record")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement")),
    )
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.create_index("ix_judgement_pair", ["left_id", "right_id"], unique=False)

    op.create_table(
        "review_candidate",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("left_id", sa.String(length=300), nullable=False),
        sa.Column("right_id", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column(
            "features", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["left_id"],
            ["source_record.id"],
            name=op.f("fk_review_candidate_left_id_source_record"),
        ),
        sa.ForeignKeyConstraint(
            ["right_id"],
            ["source_record.id"],
            name=op.f("fk_review_candidate_right_id_source_record"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["resolution_run.id"],
            name=op.f("fk_review_candidate_run_id_resolution_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_candidate")),
        sa.UniqueConstraint("left_id", "right_id", name=op.f("uq_review_candidate_left_id")),
    )
    with op.batch_alter_table("review_candidate", schema=None) as batch_op:
        batch_op.create_index("ix_review_candidate_state", ["state", "score"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_candidate", schema=None) as batch_op:
        batch_op.drop_index("ix_review_candidate_state")

    op.drop_table("review_candidate")
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.drop_index("ix_judgement_pair")

    op.drop_table("judgement")
    with op.batch_alter_table("entry_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_record_record_id"))
        batch_op.drop_index(batch_op.f("ix_entry_record_entry_id"))

    op.drop_table("entry_record")
    with op.batch_alter_table("entry_redirect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_redirect_old_id"))
        batch_op.drop_index(batch_op.f("ix_entry_redirect_new_id"))

    op.drop_table("entry_redirect")
    op.drop_table("resolved_record")
    with op.batch_alter_table("pair_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_score_right_id"))

    op.drop_table("pair_score")
    with op.batch_alter_table("common_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_common_entry_status")

    op.drop_table("common_entry")
    op.drop_table("resolution_run")
