"""Every model module, imported once so that the metadata knows every table (migrations, tests)."""

from intake.store import (  # noqa: F401
    audit,
    bases,
    blobs,
    claims,
    desk,
    messages,
    models,
    outbox,
    pending,
    references,
    secrets,
    users,
)
from intake.store.models import Base

metadata = Base.metadata
