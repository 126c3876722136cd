from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SOURCE_URL": settings.HEARD_SOURCE_URL}
