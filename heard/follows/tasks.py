"""Periodic jobs of follows, enqueued by `heard worker` (heard.core.periodic)."""

from django_tasks import task


@task()
def follows_digest_send() -> int:
    """The daily digest; enqueued often, it sends each follower at most one mail a day."""
    from heard.follows import services

    return services.follows_digest_send()


@task()
def follows_unconfirmed_purge() -> int:
    """Delete follows nobody confirmed within HEARD_FOLLOW_UNCONFIRMED_DAYS."""
    from heard.follows import services

    return services.follows_unconfirmed_purge()
