"""Alembic environment: runs online against the engine taxmap hands in."""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers

from taxmap.core.schema import load_metadata

config = context.config
target_metadata = load_metadata()


def run_migrations_online() -> None:
    """Run migrations on the engine put in config.attributes by taxmap.core.migrate."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=alembic_helpers.include_object,
            process_revision_directives=alembic_helpers.writer,
            render_item=alembic_helpers.render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("taxmap runs migrations online only: use `taxmap db migrate`.")
run_migrations_online()
