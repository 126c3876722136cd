"""Django's PostgreSQL backend, with the per-request health check asking the socket first
(decision 0571).

With CONN_HEALTH_CHECKS Django sends `SELECT 1` on a kept connection at its first use in every
request: a round trip to the database for each request, about a twentieth of an API
signature's CPU in the web process and a statement for PostgreSQL to run. What the check is
for — a database that restarted or ended the connection — shows on the socket without a round
trip: the server sends its "terminating connection" error and closes, so an idle connection's
socket turns readable. An idle connection the server has said nothing on is taken as healthy;
one it has spoken on (or whose socket cannot be polled) gets Django's own check, unchanged.
A connection lost with no word from the server (a cut network) is not found either way
without waiting for a timeout; CONN_MAX_AGE still renews every connection.
"""

import select

from django.db.backends.postgresql import base


def server_has_spoken(connection) -> bool:
    """Whether the server sent anything on an idle connection, or its socket is gone."""
    try:
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN)
        return bool(poller.poll(0))
    except Exception:  # noqa: BLE001 - a closed or broken connection: let Django check it
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and not server_has_spoken(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
