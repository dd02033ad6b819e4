"""Handler accounts: creation, argon2 passwords, bearer tokens, assignments and what each user may see."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain import UserRole
from intake.settings import get_settings
from intake.store.audit import AuditEntry
from intake.store.models import Collectivite
from intake.store.users import ApiToken, Assignment, User

TOKEN_PREFIX = "itk_"


class UserError(ValueError):
    """A refused account operation; the message (French) says why."""


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


# Verifying against this when the email is unknown keeps the answer time the same as a wrong password.
@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def add_user(session: Session, *, email: str, role: str, password: str, by: str = "intake") -> User:
    email = normalise_email(email)
    if role not in set(UserRole):
        raise UserError(f"rôle « {role} » inconnu (gestionnaire ou admin)")
    if "@" not in email:
        raise UserError(f"adresse « {email} » invalide")
    if len(password) < 8:
        raise UserError("mot de passe trop court (8 caractères au moins)")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError(f"l'utilisateur {email} existe déjà")
    user = User(email=email, role=role, password_hash=_hasher().hash(password))
    session.add(user)
    session.flush()
    session.add(AuditEntry(actor=by, entity="user", entity_id=user.id, action="creer", before=None,
                           after={"email": email, "role": role}))
    return user


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = user_by_email(session, email)
    try:
        _hasher().verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled_at is not None:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, email: str, *, days: int | None = None) -> str:
    """A new bearer token for the user, valid `days` (settings.token_days; 0: no expiry); shown once, only
    its hash is stored."""
    user = user_by_email(session, email)
    if user is None:
        raise UserError(f"utilisateur {normalise_email(email)} inconnu")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    days = days if days is not None else get_settings().token_days
    session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token),
                         expires_at=datetime.now(timezone.utc) + timedelta(days=days) if days > 0 else None))
    return token


def user_for_token(session: Session, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = datetime.now(timezone.utc)
    expires = row.expires_at
    if expires is not None and (expires if expires.tzinfo else expires.replace(tzinfo=timezone.utc)) <= now:
        return None
    # Written at most every few minutes: a read-only API call should not be a write each time.
    last = row.last_used_at
    if last is None or (now - (last if last.tzinfo else last.replace(tzinfo=timezone.utc))).total_seconds() > 300:
        row.last_used_at = now
    user = session.get(User, row.user_id)
    return user if user is not None and user.disabled_at is None else None


def assign(session: Session, email: str, codes: list[str], *, by: str = "intake") -> list[str]:
    """Give the user the collectivités named by code; returns the codes newly assigned."""
    user = user_by_email(session, email)
    if user is None:
        raise UserError(f"utilisateur {normalise_email(email)} inconnu")
    found = {c.code: c for c in session.scalars(select(Collectivite).where(Collectivite.code.in_(codes)))}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise UserError(f"collectivité(s) inconnue(s) : {', '.join(unknown)}")
    before = sorted(assigned_codes(session, user))
    added = []
    for code in codes:
        if code not in before and code not in added:
            session.add(Assignment(user_id=user.id, collectivite_id=found[code].id))
            added.append(code)
    if added:
        session.add(AuditEntry(actor=by, entity="user", entity_id=user.id, action="affecter",
                               before={"collectivites": before}, after={"collectivites": sorted(before + added)}))
    return added


def assigned_codes(session: Session, user: User) -> list[str]:
    return list(session.scalars(select(Collectivite.code).join(Assignment, Assignment.collectivite_id == Collectivite.id)
                                .where(Assignment.user_id == user.id).order_by(Collectivite.code)))


def visible_collectivites(session: Session, user: User) -> frozenset[int] | None:
    """The collectivité ids the user may see; None means all (admin)."""
    if user.role == UserRole.ADMIN:
        return None
    return frozenset(session.scalars(select(Assignment.collectivite_id).where(Assignment.user_id == user.id)))


def unassign(session: Session, email: str, code: str, *, by: str = "intake") -> bool:
    """Take a collectivité away from the user; returns whether it was assigned."""
    user = user_by_email(session, email)
    if user is None:
        raise UserError(f"utilisateur {normalise_email(email)} inconnu")
    before = assigned_codes(session, user)
    if code not in before:
        return False
    collectivite_id = session.scalar(select(Collectivite.id).where(Collectivite.code == code))
    row = session.scalar(select(Assignment).where(Assignment.user_id == user.id,
                                                  Assignment.collectivite_id == collectivite_id))
    session.delete(row)
    session.add(AuditEntry(actor=by, entity="user", entity_id=user.id, action="retirer",
                           before={"collectivites": before}, after={"collectivites": [c for c in before if c != code]}))
    return True


def list_users(session: Session) -> list[tuple[User, list[str]]]:
    return [(user, assigned_codes(session, user)) for user in session.scalars(select(User).order_by(User.email))]
