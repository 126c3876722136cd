import io

import pytest
from django.core.management import CommandError, call_command

from heard.addresses.models import ApiKey
from tests import factories

pytestmark = pytest.mark.django_db


def test_issue_and_revoke_a_key_from_the_command_line():
    addressee = factories.addressee()
    out = io.StringIO()
    call_command("address_api_key", addressee=addressee.slug, stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert raw.startswith(f"hk_{key.prefix}_") and raw not in key.key_hash
    call_command("address_api_key", revoke=key.prefix, stdout=io.StringIO())
    key.refresh_from_db()
    assert key.status == ApiKey.Status.REVOKED
    with pytest.raises(CommandError):
        call_command("address_api_key", addressee="nobody", stdout=io.StringIO())
