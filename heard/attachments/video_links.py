"""Video addresses as links: only providers on the allow-list (HEARD_ATTACHMENT_VIDEO_PROVIDERS)
are accepted, and each link becomes that provider's player address, shown in a sandboxed frame
on a page of its own whose policy lets that one origin be framed (decision 0550)."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from heard.core.errors import DomainError


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    hosts: tuple[str, ...]
    player_origin: str


PROVIDERS = {
    "youtube": Provider(
        "youtube",
        "YouTube",
        ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"),
        "https://www.youtube-nocookie.com",
    ),
    "vk": Provider(
        "vk", "VK Video", ("vk.com", "m.vk.com", "vkvideo.ru", "www.vkvideo.ru"), "https://vk.com"
    ),
    "rutube": Provider("rutube", "Rutube", ("rutube.ru", "www.rutube.ru"), "https://rutube.ru"),
}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VK_ID = re.compile(r"video(-?\d+)_(\d+)")
RUTUBE_ID = re.compile(r"^/(?:video|play/embed)/([0-9a-f]{32})/?$")


def providers_allowed() -> list[Provider]:
    return [
        PROVIDERS[name] for name in settings.HEARD_ATTACHMENT_VIDEO_PROVIDERS if name in PROVIDERS
    ]


def _youtube(parts) -> str | None:
    if parts.hostname == "youtu.be":
        video = parts.path.strip("/")
    elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
        video = parts.path.split("/")[2]
    else:
        video = (parse_qs(parts.query).get("v") or [""])[0]
    return f"https://www.youtube-nocookie.com/embed/{video}" if YOUTUBE_ID.match(video) else None


def _vk(parts) -> str | None:
    found = VK_ID.search(parts.path + "?" + parts.query)
    if found is None:
        query = parse_qs(parts.query)
        oid, vid = (query.get("oid") or [""])[0], (query.get("id") or [""])[0]
        if not (re.fullmatch(r"-?\d+", oid) and vid.isdigit()):
            return None
        return f"https://vk.com/video_ext.php?oid={oid}&id={vid}"
    return f"https://vk.com/video_ext.php?oid={found.group(1)}&id={found.group(2)}"


def _rutube(parts) -> str | None:
    found = RUTUBE_ID.match(parts.path)
    return f"https://rutube.ru/play/embed/{found.group(1)}" if found else None


PLAYERS = {"youtube": _youtube, "vk": _vk, "rutube": _rutube}


def embed_url_for(link: str) -> str:
    """The player address for a video page on an allowed provider; a DomainError otherwise."""
    parts = urlsplit((link or "").strip())
    if parts.scheme in ("http", "https") and parts.hostname:
        for provider in providers_allowed():
            if parts.hostname.lower() in provider.hosts:
                embed = PLAYERS[provider.name](parts)
                if embed:
                    return embed
    names = ", ".join(provider.label for provider in providers_allowed())
    raise DomainError(
        _("Give a link to a video page on one of: {names}.").format(names=names),
        code="video_link_not_allowed",
    )


def player_origin(embed_url: str) -> str:
    parts = urlsplit(embed_url)
    return f"{parts.scheme}://{parts.hostname}"
