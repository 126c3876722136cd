"""A minimal SMTP server that accepts every message and keeps only a count, so the load benchmark
mails confirmation links through Django's real SMTP backend (a session per outbox chunk, the
message serialised and sent) instead of a backend that does nothing.

    python benchmarks/smtp_sink.py --port 8025   # prints the count on SIGTERM
"""

import argparse
import asyncio
import signal

received = 0


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    global received
    writer.write(b"220 sink ESMTP\r\n")
    try:
        while line := await reader.readline():
            command = line[:4].upper()
            if command == b"DATA":
                writer.write(b"354 go on\r\n")
                await reader.readuntil(b"\r\n.\r\n")
                received += 1
                writer.write(b"250 queued\r\n")
            elif command == b"QUIT":
                writer.write(b"221 bye\r\n")
                break
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 ok\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(session, "127.0.0.1", port, limit=1 << 20)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()
    print(f"smtp sink received {received} messages", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8025)
    asyncio.run(main(parser.parse_args().port))
