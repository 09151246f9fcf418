"""The product's URLs plus /bench/floor/, a minimal view rendering a 20-row template."""

from django.shortcuts import render
from django.urls import include, path

ROWS = [{"code": f"P{n:02d}", "name": f"Liên đoàn Lao động tỉnh số {n}", "count": 1234 * n} for n in range(1, 21)]


def floor(request):
    return render(request, "bench/floor.html", {"rows": ROWS})


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("sangkien.urls")),
]
