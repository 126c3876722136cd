"""Builds small Telegram Desktop "Export chat history" JSON files (result.json) for tests."""

import json
from datetime import UTC, datetime
from pathlib import Path

AT_11 = datetime(2023, 12, 7, 11, 0, tzinfo=UTC)
AT_12 = datetime(2023, 12, 7, 12, 0, tzinfo=UTC)
MANIFESTO = [
    "We, the wives and mothers of the mobilised, ask the President:\n",
    {"type": "bold", "text": "1. Bring the mobilised home"},
    "\n2. Limit service to one year\n\nRead the full ",
    {"type": "text_link", "text": "manifesto", "href": "https://example.org/manifesto"},
    ".",
]


def message(post_id: int, text="A post", *, when=datetime(2023, 12, 7, 10, 0, tzinfo=UTC), **extra):
    values = {
        "id": post_id,
        "type": "message",
        "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
        "date_unixtime": str(int(when.timestamp())),
        "from": "Put Domoy",
        "from_id": "channel1234567890",
        "text": text,
    }
    if isinstance(text, list):
        values["text_entities"] = [
            part if isinstance(part, dict) else {"type": "plain", "text": part} for part in text
        ]
    return values | extra


def service(post_id: int, action: str = "pin_message") -> dict:
    return {
        "id": post_id,
        "type": "service",
        "date": "2023-12-07T09:00:00",
        "date_unixtime": "1701939600",
        "actor": "Put Domoy",
        "actor_id": "channel1234567890",
        "action": action,
        "text": "",
    }


def video(post_id: int, text="", **extra) -> dict:
    return message(
        post_id,
        text,
        file="video_files/address.mp4",
        thumbnail="video_files/address.mp4_thumb.jpg",
        media_type="video_file",
        mime_type="video/mp4",
        duration_seconds=94,
        width=1280,
        height=720,
        **extra,
    )


def export(*messages, name="Put Domoy", kind="public_channel", chat_id=1234567890) -> dict:
    return {"name": name, "type": kind, "id": chat_id, "messages": list(messages)}


def channel_export() -> dict:
    """A channel with a pinned-message notice, a manifesto, an album and a forwarded post."""
    return export(
        service(1),
        message(2, MANIFESTO, edited="2023-12-07T12:00:00", edited_unixtime="1701950400"),
        video(3, "Our video address to the President\n- Demobilise the reservists", when=AT_11),
        message(4, "", when=AT_11, photo="photos/photo_1@07-12-2023_11-00-00.jpg", width=800),
        message(5, "Shared from the widows' group", when=AT_12, forwarded_from="Widows of SVO"),
    )


def write(data, directory: Path, name: str = "result.json") -> Path:
    path = directory / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path
