"""E-mail to followers, each queued in the outbox (heard.core.outbox) inside the caller's
transaction: the confirmation link, the notice that an address already follows, the digest.

The digest carries RFC 8058's one-click unsubscribe: `List-Unsubscribe` with the HTTPS link and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so that a mail program can offer its own
"unsubscribe" button, which posts to that link without a form or a cookie."""

from datetime import date

from django.urls import reverse
from django.utils import translation

from heard.appeals.changes import Change
from heard.core.mail import absolute_url
from heard.core.outbox import outbox_mail_queue
from heard.follows.models import Follow
from heard.follows.targets import target_of
from heard.follows.tokens import follow_token


def unsubscribe_url(follow: Follow) -> str:
    token = follow_token(follow, purpose="unsubscribe")
    return absolute_url(reverse("follows:unsubscribe", kwargs={"token": token}))


def unsubscribe_headers(follow: Follow) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(follow)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _target_context(follow: Follow) -> dict:
    target = target_of(follow)
    return {
        "target_title": target.title,
        "page_link": absolute_url(target.page_url()),
        "feed_link": absolute_url(target.feed_url()),
    }


def confirmation_mail(*, follow: Follow) -> None:
    """The double opt-in link; nothing else is sent to the address until it is pressed."""
    with translation.override(follow.language):
        token = follow_token(follow, purpose="confirm")
        context = _target_context(follow) | {
            "confirm_link": absolute_url(reverse("follows:confirm", kwargs={"token": token})),
        }
    outbox_mail_queue(
        to=follow.email,
        template="follows/email/confirm",
        context=context,
        language=follow.language,
        purpose="follows.confirm",
        about=follow,
    )


def already_following_mail(*, follow: Follow) -> None:
    """Someone asked again for an address that already follows: tell its owner, and how to stop
    (the page said the same as for a new follow, so that it reveals nothing)."""
    with translation.override(follow.language):
        context = _target_context(follow) | {"unsubscribe_link": unsubscribe_url(follow)}
    outbox_mail_queue(
        to=follow.email,
        template="follows/email/already",
        context=context,
        language=follow.language,
        purpose="follows.already",
        about=follow,
    )


def digest_mail(*, follow: Follow, changes: list[Change], day: date) -> None:
    """One day's digest; keyed by follow and day, so a run repeated the same day queues nothing."""
    with translation.override(follow.language):
        context = _target_context(follow) | {
            "changes": [
                {
                    "title": change.appeal.title,
                    "label": change.label,
                    "at": change.at,
                    "link": absolute_url(change.appeal.get_absolute_url()),
                }
                for change in reversed(changes)  # oldest first, as a story is told
            ],
            "unsubscribe_link": unsubscribe_url(follow),
            "day": day,
        }
        headers = unsubscribe_headers(follow)
    outbox_mail_queue(
        to=follow.email,
        template="follows/email/digest",
        context=context,
        language=follow.language,
        purpose="follows.digest",
        about=follow,
        key=f"follows.digest:{follow.pk}:{day.isoformat()}",
        headers=headers,
    )
