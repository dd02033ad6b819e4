"""Every model module, imported once so that the metadata knows every table (migrations, tests)."""

from intake.store import audit, bases, blobs, claims, messages, models, outbox, pending, references, secrets, users  # noqa: F401
from intake.store.models import Base

metadata = Base.metadata
