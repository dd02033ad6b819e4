"""Where a reply goes (issue 16): a Reply-To is used only when it is a plainly written address. Source
routes (`x@third.example%evil.example`), several '@', quoted local parts are ignored and the answer goes to
the From. End to end over SMTP: what the relay received."""

from __future__ import annotations

import pytest

from security.mails import raw_mail

# An address the registry does not know: its answer (the one that repeats nothing) goes to its Reply-To.
STRANGER = "quelqu.un@exemple-webmail.fr"


@pytest.mark.parametrize("reply_to", [
    "x@third.example%evil.example",
    "x%evil.example@mairiebarjac.fr",
    "a@b@evil.example",
    '"pirate@evil.example"@mairiebarjac.fr',
    "Service <x!evil.example!y@mairiebarjac.fr>",
    "secretariat@mairiebarjac.fr\\@evil.example",
], ids=["percent-route", "percent-local", "two-at", "quoted-local", "bang-path", "quoted-pair"])
def test_a_doubtful_reply_to_is_ignored(intake, reply_to: str) -> None:
    [reply] = intake.exchange(raw_mail(**{"From": STRANGER, "Reply-To": reply_to}), sender=STRANGER)
    assert reply.recipients == [STRANGER]
    assert "evil" not in reply.header_block


def test_a_plain_reply_to_is_honoured(intake) -> None:
    [reply] = intake.exchange(raw_mail(**{"From": STRANGER, "Reply-To": '"Secrétariat" <secretariat@exemple-webmail.fr>'}),
                              sender=STRANGER)
    assert reply.recipients == ["secretariat@exemple-webmail.fr"]
