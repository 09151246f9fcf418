"""The product's URLs plus the floor: a minimal view rendering a 20-row template.

Two more pages of the same 20 rows explain the distance between the floor and the product's
pages: signed in (session, user, consent: what every officer page pays first) and inside
the site's layout (base.html: navigation, footer, language form).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

ROWS = [{"code": f"P{n:02d}", "name": f"Liên đoàn Lao động tỉnh số {n}", "count": 1234 * n} for n in range(1, 21)]


def floor(request):
    return render(request, "bench/floor.html", {"rows": ROWS})


@login_required
def floor_signed_in(request):
    return render(request, "bench/floor.html", {"rows": ROWS})


@login_required
def floor_in_layout(request):
    return render(request, "bench/floor_layout.html", {"rows": ROWS})


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/signed-in/", floor_signed_in),
    path("bench/floor/layout/", floor_in_layout),
    path("", include("sangkien.urls")),
]
