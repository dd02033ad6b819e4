"""Handler accounts: users, their API tokens (hashes only) and the collectivités assigned to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.store.models import Base, Collectivite, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, never the password
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A disabled account logs in no more; its sessions and tokens were revoked when it was disabled.
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    assignments: Mapped[list[Assignment]] = relationship(back_populates="user", cascade="all, delete-orphan")


class LoginFailure(Base):
    """A failed login, counted for its account and for its client address (web/throttle.py): in the
    database, so that every desk process (hosts, uvicorn workers) refuses a guesser after the same count."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))  # account | address
    key: Mapped[str] = mapped_column(String(320))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


Index("ix_login_failures_scope_key_at", LoginFailure.scope, LoginFailure.key, LoginFailure.at)


class ApiToken(Base):
    """A bearer token; only its sha256 is kept (tokens are long random strings, a slow hash adds nothing)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # settings.token_days
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class UserSession(Base):
    """A desk login, server side: the signed cookie names it by its nonce (only the nonce's sha256 is kept),
    so that logout, a password change or disabling the account ends it even if the cookie is replayed."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Assignment(Base):
    """A collectivité whose claims a gestionnaire handles."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("user_id", "collectivite_id", name="uq_assignments"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    collectivite_id: Mapped[int] = mapped_column(ForeignKey("collectivites.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(back_populates="assignments")
    collectivite: Mapped[Collectivite] = relationship()
