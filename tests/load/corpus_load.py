"""The mails of a load run: generated, labelled declarations and others, some sent twice at the same moment.

A "twin" is the same declaration sent again under a new Message-ID (a collectivité that resends, or writes
to two addresses): it is placed right after its original, so two clients deliver both together and two
workers may draft them at the same time. Sequentially the twin joins its original's claim; under load it
must too, or a claim was drafted twice.
"""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from corpus.claims import one_case
from corpus.registry import Registry, build_registry

_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n", re.IGNORECASE | re.MULTILINE)


@dataclass
class LoadMail:
    index: int
    message_id: str  # without angle brackets
    raw: bytes
    expected: dict[str, Any]
    twin_of: str | None = None  # the Message-ID of the original this one repeats
    redelivery: bool = False  # the very same bytes as the mail before it (an MTA that delivers twice)


def crlf(raw: bytes) -> bytes:
    return re.sub(rb"(?<!\r)\n", b"\r\n", raw)


def with_message_id(raw: bytes, message_id: str) -> bytes:
    """`raw` with its own (top-level) Message-ID replaced; ids of forwarded mails inside stay as they are."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    line = f"Message-ID: <{message_id}>\r\n".encode()
    head_nl = head + b"\r\n"
    if _MESSAGE_ID.search(head_nl):
        head_nl = _MESSAGE_ID.sub(lambda _m: line, head_nl, count=1)
    else:
        head_nl = line + head_nl
    return head_nl[:-2] + sep + body


def _twinnable(expected: dict[str, Any]) -> bool:
    """A declaration whose every claim names a registered agent: its twin must land on the same claims."""
    return expected["intent"] == "declaration" and bool(expected["claims"]) and all(
        c["agent"] for c in expected["claims"])


def _one(args: tuple[int, int, float, float, int]) -> tuple[int, bytes, dict[str, Any]]:
    index, seed, scan_rate, photo_rate, registry_seed = args
    case = one_case(index, seed, registry=_worker_registry(registry_seed), scan_rate=scan_rate, photo_rate=photo_rate)
    return index, case.raw, case.expected


@functools.lru_cache(maxsize=2)
def _worker_registry(seed: int) -> Registry:
    return build_registry(seed)


def build_mails(n: int, *, seed: int = 7, registry_seed: int = 11, scan_rate: float = 0.07, photo_rate: float = 0.02,
                twin_rate: float = 0.1, processes: int = 1) -> list[LoadMail]:
    """n mails in sending order: generated cases, each twinnable declaration followed by its twin with
    probability twin_rate (the twins count in n)."""
    rng = random.Random(f"twins:{seed}")
    mails: list[LoadMail] = []
    next_case = 0
    while len(mails) < n:
        # Twins stand in for some cases: generate about what is still missing, then again if short.
        batch = range(next_case, next_case + max(1, round((n - len(mails)) / (1 + twin_rate * 0.6))))
        next_case = batch.stop
        for _i, raw, expected in _generate([(i, seed, scan_rate, photo_rate, registry_seed) for i in batch],
                                           processes):
            if len(mails) >= n:
                break
            own = f"load.{seed}.{_i}@corpus.test"
            mails.append(LoadMail(len(mails), own, with_message_id(crlf(raw), own), expected))
            if len(mails) < n and _twinnable(expected) and rng.random() < twin_rate:
                twin = f"load.{seed}.{_i}.bis@corpus.test"
                mails.append(LoadMail(len(mails), twin, with_message_id(crlf(raw), twin), expected, twin_of=own))
    return mails


def _generate(wanted: list[tuple[int, int, float, float, int]], processes: int):
    if processes <= 1 or len(wanted) < 8:
        return [_one(w) for w in wanted]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return sorted(pool.imap_unordered(_one, wanted, chunksize=4), key=lambda item: item[0])


def with_redeliveries(mails: list[LoadMail], rate: float, seed: int = 7) -> list[LoadMail]:
    """Some mails delivered a second time, same bytes, right after the first (so by another client at the
    same moment): stored once, the second delivery answered 250 as well. Indexes renumbered."""
    rng = random.Random(f"redeliveries:{seed}")
    out: list[LoadMail] = []
    for mail in mails:
        out.append(LoadMail(len(out), mail.message_id, mail.raw, mail.expected, mail.twin_of))
        if not mail.redelivery and rng.random() < rate:
            out.append(LoadMail(len(out), mail.message_id, mail.raw, mail.expected, mail.twin_of, redelivery=True))
    return out


def save(mails: list[LoadMail], folder: Path) -> None:
    """Each mail as NNNNN.eml and the labels in mails.json (to send them again, or to look at one)."""
    folder.mkdir(parents=True, exist_ok=True)
    labels = []
    for mail in mails:
        (folder / f"{mail.index:05d}.eml").write_bytes(mail.raw)
        label = asdict(mail)
        del label["raw"]
        labels.append(label)
    (folder / "mails.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")


def load(folder: Path) -> list[LoadMail]:
    labels = json.loads((folder / "mails.json").read_text(encoding="utf-8"))
    return [LoadMail(raw=(folder / f"{label['index']:05d}.eml").read_bytes(), **label) for label in labels]
