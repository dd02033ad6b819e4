"""Bad input never raises: random bytes, cut messages, broken MIME."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.mail.read import read_message
from intake.pipeline.parse import analyse
from support import SAMPLES

SAMPLE = (SAMPLES / "cases" / "0003.eml").read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    read = read_message(data)
    assert isinstance(read.problems, list)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(SAMPLE)), st.binary(max_size=40))
def test_cut_and_spliced_message(cut: int, noise: bytes) -> None:
    analysed = analyse(SAMPLE[:cut] + noise + SAMPLE[cut:cut + 200])
    assert set(analysed) == {"message_id", "from", "collectivite", "intent", "claims", "attachments"}


def test_broken_mime_structures() -> None:
    broken = [
        b"",
        b"From: \nSubject: =?utf-8?q?broken\n\n",
        b'Content-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/plain\n\nno end',
        b'Content-Type: multipart/mixed\n\nno boundary at all',
        b"Content-Type: text/plain; charset=utf-99\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!",
        b"Content-Type: application/pdf; name*0*=utf-8''Arr%C3; name*1*=%AAt.pdf\nContent-Disposition: attachment\n"
        b"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK",
        b"From: a@b.fr\nContent-Type: message/rfc822\n\nnot a message",
        b"Date: 32 Foo 20xx 99:99\nMessage-ID: <<<>>>\nFrom: <>\n\nx",
    ]
    for raw in broken:
        read = read_message(raw)
        assert read is not None


def test_rfc2231_continuations_decode() -> None:
    raw = (b"From: a@b.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\n"
           b"Content-Disposition: attachment; filename*0*=utf-8''Arr%C3%AA; filename*1*=t%20%C3%A9t%C3%A9.pdf\n"
           b"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n")
    assert [a.filename for a in read_message(raw).attachments] == ["Arrêt été.pdf"]


def test_rfc2231_segments_cut_inside_an_escape_decode() -> None:
    # A mailer cutting the name every N characters splits « %C3%A9 » and « %20 » over two segments.
    raw = (b"From: a@b.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\n"
           b"Content-Disposition: attachment;\n\tfilename*0*=utf-8''Certificat%20m%C3%;\n\tfilename*1*=A9dical%;\n"
           b"\tfilename*2*=20Lef%C3%A8vre.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n")
    assert [a.filename for a in read_message(raw).attachments] == ["Certificat médical Lefèvre.pdf"]
