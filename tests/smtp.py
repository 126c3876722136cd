"""A real SMTP server on loopback (aiosmtpd) that a test can take down and bring back up on the
same port, to see what the outbox does while the mail server is away."""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    to: list[str]
    subject: str
    body: str


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content)
        payload = message.get_payload(decode=True) or b""
        self.received.append(
            Received(
                to=list(envelope.rcpt_tos),
                subject=str(make_header(decode_header(message["Subject"] or ""))),
                body=payload.decode(message.get_content_charset() or "utf-8"),
            )
        )
        return "250 Message accepted for delivery"


class SmtpServer:
    """`up()` and `down()` start and stop the server; `received` keeps what arrived across both."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = free_port()
        self._handler = _Handler()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self._handler.received

    def up(self) -> None:
        if self._controller is None:
            self._controller = Controller(self._handler, hostname=self.host, port=self.port)
            self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
