"""What routes are given rather than fetch themselves (as the FastAPI template's deps.py): the database
session, the rules and the blob store, each an Annotated dependency a test can override in one place. The
current user (web/auth.py: ApiCaller, PageCaller) stands on the session given here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from intake.rules import RuleSet, get_rules
from intake.store.blobs import BlobStore


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.factory() as session:
        yield session


def current_rules() -> RuleSet:
    return get_rules()


def blob_store(request: Request) -> BlobStore:
    return request.app.state.blobs


DB = Annotated[Session, Depends(get_session)]
Rules = Annotated[RuleSet, Depends(current_rules)]
Blobs = Annotated[BlobStore, Depends(blob_store)]
