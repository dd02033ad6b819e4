"""intake.pipeline.parse: the contract object for what the reading layer knows."""

from __future__ import annotations

import json
import random

from corpus.mails import case_bounce, case_bulk, case_client
from intake.identify.match import Registry
from intake.mail.read import read_message
from intake.pipeline.parse import analyse, analyse_read


def test_contract_shape_for_a_declaration() -> None:
    case = case_client(random.Random(1), "gmail")
    got = analyse(case.raw, registry=Registry(employers=[], agents=[]))  # an unknown sender
    assert got["from"] == case.from_addr and got["intent"] == "declaration" and got["collectivite"] is None
    assert set(got) == {"message_id", "from", "collectivite", "intent", "claims", "attachments"}
    assert all(claim["agent"] is None for claim in got["claims"]), "no agent can be named without a registry"
    assert got["attachments"] == [{"filename": case.attachments[0][0], "kind": got["attachments"][0]["kind"], "ocr": False}]
    json.dumps(got, ensure_ascii=False)


def test_auto_reply_and_bulk_intents() -> None:
    assert analyse(case_bounce(random.Random(2), "postfix").raw)["intent"] == "auto_reply"
    assert analyse(case_bulk(random.Random(2), 0).raw)["intent"] == "other"


def test_analyse_read_reuses_a_read_message() -> None:
    read = read_message(case_client(random.Random(3), "openxchange").raw)
    assert analyse_read(read)["message_id"] == read.message_id
