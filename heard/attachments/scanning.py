"""The virus scanner hook (HEARD_ATTACHMENT_SCANNER, a dotted path to a class). The default,
`NoScanner`, scans nothing and says so: files are served at once, recorded "not scanned". With a
real scanner configured every file is held ("pending") until a task has scanned it, and only a
clean verdict makes it servable."""

import socket
import struct
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

CLEAN, INFECTED = "clean", "infected"


class NoScanner:
    """No scanner configured: nothing is held, and each attachment records that it was not
    scanned."""

    configured = False

    def scan(self, content: bytes) -> str:
        raise NotImplementedError


class ClamdScanner:
    """ClamAV's daemon over TCP (INSTREAM), at HEARD_CLAMD_HOST:HEARD_CLAMD_PORT."""

    configured = True
    chunk = 64 * 1024

    def scan(self, content: bytes) -> str:
        address = (settings.HEARD_CLAMD_HOST, settings.HEARD_CLAMD_PORT)
        with socket.create_connection(address, timeout=settings.HEARD_CLAMD_TIMEOUT) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), self.chunk):
                piece = content[start : start + self.chunk]
                conn.sendall(struct.pack("!L", len(piece)) + piece)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = conn.recv(4096)
                if not data:
                    break
                reply += data
        answer = reply.rstrip(b"\0").decode("utf-8", "replace")
        if answer.endswith("OK"):
            return CLEAN
        if answer.endswith("FOUND"):
            return INFECTED
        raise OSError(f"clamd answered {answer!r}")


@cache
def _scanner_class(path: str):
    return import_string(path)


def scanner():
    return _scanner_class(settings.HEARD_ATTACHMENT_SCANNER)()
