from heard.core.checks import client_ip_header_set


def test_deploy_check_warns_when_no_client_ip_header_is_set(settings):
    settings.DEBUG = False
    settings.HEARD_CLIENT_IP_HEADER = ""
    [warning] = client_ip_header_set()
    assert warning.id == "heard.core.W002"

    settings.HEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip_header_set() == []
