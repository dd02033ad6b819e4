"""The desk's own settings, set by an admin from the desk and shared by every process (one row a setting)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from intake.store.models import Base, utcnow


class DeskSetting(Base):
    __tablename__ = "desk_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(320))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


def read_setting(session: Session, name: str, default: Any = None) -> Any:
    value = session.scalar(select(DeskSetting.value).where(DeskSetting.name == name))
    return default if value is None else value


def write_setting(session: Session, name: str, value: Any, *, by: str) -> Any:
    """Set it, returning the value it had (None when never set)."""
    row = session.get(DeskSetting, name, with_for_update=True)
    if row is None:
        session.add(DeskSetting(name=name, value=value, updated_by=by))
        return None
    before, row.value, row.updated_by = row.value, value, by
    return before
