"""Open311 GeoReport v2 endpoints (JSON)."""

urlpatterns: list = []
