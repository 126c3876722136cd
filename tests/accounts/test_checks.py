import ipaddress

from django.core import checks
from django.test import RequestFactory

from heard.accounts.client_ip import axes_client_ip


def _deploy_warnings() -> list[str]:
    return [message.id for message in checks.run_checks(include_deployment_checks=True)]


def test_deploy_check_warns_when_admins_need_no_second_factor(settings):
    settings.HEARD_OTP_REQUIRED_FOR_ADMINS = False
    assert "heard.accounts.W001" in _deploy_warnings()
    settings.HEARD_OTP_REQUIRED_FOR_ADMINS = True
    assert "heard.accounts.W001" not in _deploy_warnings()


def test_lockouts_key_on_a_stable_pseudonym_of_the_client_address(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    first, again = axes_client_ip(request), axes_client_ip(request)
    other = axes_client_ip(RequestFactory().get("/", REMOTE_ADDR="198.51.100.8"))
    assert first == again != other
    assert ipaddress.ip_address(first) in ipaddress.ip_network("fd00::/8")
    settings.HEARD_IP_SALT = "another-salt"
    assert axes_client_ip(request) != first


def test_the_proxy_header_decides_the_address_as_for_the_fraud_rules(settings):
    settings.HEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    one = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    two = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert axes_client_ip(one) != axes_client_ip(two)
