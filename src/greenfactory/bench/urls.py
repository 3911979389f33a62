"""The platform's URLs plus the benchmark floor (see ``bench.settings``)."""

from django.urls import path

from greenfactory.urls import handler500
from greenfactory.urls import urlpatterns as platform_urlpatterns

from .views import floor

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *platform_urlpatterns]
