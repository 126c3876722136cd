from heard.core import checks


def test_settings_the_fast_paths_cannot_honour_are_errors_at_start_up(settings):
    assert checks.fast_paths_supported() == []

    settings.CSRF_USE_SESSIONS = True
    settings.PREPEND_WWW = True
    errors = checks.fast_paths_supported()

    assert [error.id for error in errors] == ["heard.core.E001", "heard.core.E001"]
    assert "CSRF_USE_SESSIONS" in errors[0].msg and "PREPEND_WWW" in errors[1].msg
