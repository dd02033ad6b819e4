"""What routes are given rather than fetch themselves (as the FastAPI template's deps.py): the rules and
the blob store, each an Annotated dependency a test can override in one place."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from intake.rules import RuleSet, get_rules
from intake.store.blobs import BlobStore


def current_rules() -> RuleSet:
    return get_rules()


def blob_store(request: Request) -> BlobStore:
    return request.app.state.blobs


Rules = Annotated[RuleSet, Depends(current_rules)]
Blobs = Annotated[BlobStore, Depends(blob_store)]
