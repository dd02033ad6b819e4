"""Where a reply goes (issue 16): a Reply-To is used only when it is a plainly written address and the
registry gives it to the sender's collectivité (docs/domain.md « who hears about a claim »). Source routes
(`x@third.example%evil.example`), several '@', quoted local parts are ignored even on the collectivité's own
domain, and the answer goes to the From. End to end over SMTP: what the relay received. (An unknown sender's
Reply-To is never used: tests/conversation/test_backscatter.py.)"""

from __future__ import annotations

import pytest

from security.mails import SENDER, raw_mail


@pytest.mark.parametrize("reply_to", [
    "x@third.example%evil.example",
    "x%evil.example@mairiebarjac.fr",
    "a@b@evil.example",
    '"pirate@evil.example"@mairiebarjac.fr',
    "Service <x!evil.example!y@mairiebarjac.fr>",
    "secretariat@mairiebarjac.fr\\@evil.example",
], ids=["percent-route", "percent-local", "two-at", "quoted-local", "bang-path", "quoted-pair"])
def test_a_doubtful_reply_to_is_ignored(intake, reply_to: str) -> None:
    [reply] = intake.exchange(raw_mail(**{"Reply-To": reply_to}))
    assert reply.recipients == [SENDER]
    assert "evil" not in reply.header_block


def test_a_plain_reply_to_of_the_collectivite_is_honoured(intake) -> None:
    [reply] = intake.exchange(raw_mail(**{"Reply-To": '"Secrétariat" <secretariat@mairiebarjac.fr>'}))
    assert reply.recipients == ["secretariat@mairiebarjac.fr"]


def test_a_plain_reply_to_outside_the_registry_is_not_used(intake) -> None:
    # Plainly written, but the registry does not give it to the Mairie de Barjac: a third party.
    [reply] = intake.exchange(raw_mail(**{"Reply-To": "secretariat@exemple-webmail.fr"}))
    assert reply.recipients == [SENDER]
