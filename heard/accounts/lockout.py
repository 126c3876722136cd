"""What a locked-out visitor sees (AXES_LOCKOUT_CALLABLE): when to try again, and nothing about
whether the user name exists; the same page whichever login form they used."""

import math

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
