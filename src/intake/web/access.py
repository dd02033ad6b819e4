"""Shutting someone out: disabling accounts, resetting passwords, listing and revoking tokens, server-side
desk sessions (ended at logout, password change and disabling). Every change is in the audit log."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from intake.store.audit import AuditEntry
from intake.store.users import ApiToken, User, UserSession
from intake.web.accounts import UserError, _hasher, normalise_email, user_by_email

MIN_PASSWORD = 8


def now() -> datetime:
    return datetime.now(timezone.utc)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes (stored as UTC)."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _user(session: Session, email: str) -> User:
    user = user_by_email(session, email)
    if user is None:
        raise UserError(f"utilisateur {normalise_email(email)} inconnu")
    return user


def _audit(session: Session, user: User, action: str, by: str, before: dict | None, after: dict | None) -> None:
    session.add(AuditEntry(actor=by, entity="user", entity_id=user.id, action=action, before=before, after=after))


def revoke_sessions(session: Session, user_id: int) -> int:
    return session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                           .values(revoked_at=now())).rowcount


def revoke_tokens(session: Session, user_id: int) -> int:
    return session.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                           .values(revoked_at=now())).rowcount


def disable(session: Session, email: str, *, by: str = "intake") -> bool:
    """Disable the account and end its sessions and tokens at once; False when already disabled."""
    user = _user(session, email)
    if user.disabled_at is not None:
        return False
    user.disabled_at = now()
    sessions, tokens = revoke_sessions(session, user.id), revoke_tokens(session, user.id)
    _audit(session, user, "desactiver", by, {"actif": True},
           {"actif": False, "sessions_revoquees": sessions, "jetons_revoques": tokens})
    return True


def enable(session: Session, email: str, *, by: str = "intake") -> bool:
    """Let the account log in again (its old sessions and tokens stay revoked); False when it was active."""
    user = _user(session, email)
    if user.disabled_at is None:
        return False
    user.disabled_at = None
    _audit(session, user, "reactiver", by, {"actif": False}, {"actif": True})
    return True


def set_password(session: Session, email: str, password: str, *, by: str = "intake") -> int:
    """A new password; every open session of the account ends. Returns how many were."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"mot de passe trop court ({MIN_PASSWORD} caractères au moins)")
    user = _user(session, email)
    user.password_hash = _hasher().hash(password)
    ended = revoke_sessions(session, user.id)
    _audit(session, user, "mot_de_passe", by, None, {"sessions_revoquees": ended})
    return ended


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: int
    email: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    state: str  # actif, expiré, révoqué


def token_state(token: ApiToken, at: datetime | None = None) -> str:
    at = at or now()
    if token.revoked_at is not None:
        return "révoqué"
    if token.expires_at is not None and aware(token.expires_at) <= at:
        return "expiré"
    return "actif"


def list_tokens(session: Session, email: str | None = None) -> list[TokenRow]:
    stmt = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id).order_by(User.email, ApiToken.id)
    if email:
        stmt = stmt.where(User.id == _user(session, email).id)
    return [TokenRow(t.id, mail, aware(t.created_at), aware(t.expires_at), aware(t.last_used_at), token_state(t))
            for t, mail in session.execute(stmt).tuples()]


def revoke_token(session: Session, token_id: int, *, by: str = "intake") -> bool:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise UserError(f"jeton n° {token_id} inconnu")
    if token.revoked_at is not None:
        return False
    token.revoked_at = now()
    _audit(session, session.get(User, token.user_id), "revoquer_jeton", by, {"jeton": token_id}, {"revoque": True})
    return True


# --- desk sessions -----------------------------------------------------------------------------------------

def _nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def open_session(session: Session, user: User, nonce: str, lifetime: timedelta) -> None:
    # Each login clears the rows of sessions that have expired (anyone's): they open nothing any more, and
    # the table would otherwise keep one row per login for ever.
    session.execute(delete(UserSession).where(UserSession.expires_at <= now()))
    session.add(UserSession(user_id=user.id, nonce_hash=_nonce_hash(nonce), expires_at=now() + lifetime))


def session_user(session: Session, user_id: int, nonce: str) -> User | None:
    """The user of a live session (not revoked, not expired, account enabled), else None."""
    row = session.scalar(select(UserSession).where(UserSession.nonce_hash == _nonce_hash(nonce),
                                                   UserSession.user_id == user_id))
    if row is None or row.revoked_at is not None or aware(row.expires_at) <= now():
        return None
    user = session.get(User, user_id)
    return user if user is not None and user.disabled_at is None else None


def close_session(session: Session, nonce: str) -> None:
    session.execute(update(UserSession).where(UserSession.nonce_hash == _nonce_hash(nonce),
                                              UserSession.revoked_at.is_(None)).values(revoked_at=now()))
