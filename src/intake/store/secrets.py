"""Secrets shared by every process using the database (the key signing reply addresses, cookies and
CSRF tokens): made once, by whichever process asks first, and read by all the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import String, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Mapped, mapped_column

from intake.store.models import Base

SIGNING_KEY = "signing_key"


class InstanceSecret(Base):
    __tablename__ = "instance_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


def _migrated(engine) -> bool:  # noqa: ANN001
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not Path(url.database).exists():
        return False  # never create a database file just to look into it (`intake parse` before `init`)
    return inspect(engine).has_table(InstanceSecret.__tablename__)


def shared_secret(url: str, name: str, make: Callable[[], str]) -> str | None:
    """The secret `name`, created from make() when absent; None when the database has no such table yet
    (not initialised). Of processes racing to create it, the first insert wins and all read its value."""
    from intake.store.db import get_engine

    engine = get_engine(url)
    if not _migrated(engine):
        return None
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    with engine.begin() as connection:
        value = connection.scalar(select(InstanceSecret.value).where(InstanceSecret.name == name))
        if value is None:
            connection.execute(insert(InstanceSecret).values(name=name, value=make())
                               .on_conflict_do_nothing(index_elements=["name"]))
            value = connection.scalar(select(InstanceSecret.value).where(InstanceSecret.name == name))
    if not value:
        raise RuntimeError(f"clé secrète « {name} » vide dans la base")
    return value
