from heard.core import checks


def test_settings_the_fast_paths_cannot_honour_are_errors_at_start_up(settings):
    assert checks.fast_paths_supported() == []

    settings.CSRF_USE_SESSIONS = True
    settings.PREPEND_WWW = True
    errors = checks.fast_paths_supported()

    assert [error.id for error in errors] == ["heard.core.E001", "heard.core.E001"]
    assert "CSRF_USE_SESSIONS" in errors[0].msg and "PREPEND_WWW" in errors[1].msg


def test_deploy_check_warns_when_no_client_ip_header_is_set(settings):
    from heard.core.checks import client_ip_header_set

    settings.DEBUG = False
    settings.HEARD_CLIENT_IP_HEADER = ""
    [warning] = client_ip_header_set()
    assert warning.id == "heard.core.W002"

    settings.HEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip_header_set() == []
