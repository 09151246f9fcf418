from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest):
    """200 after a real database round-trip, 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request: HttpRequest):
    """The public home page; htmx asks for its live figures alone every 30 seconds."""
    from sangkien.progress.public import public_page

    context = public_page()
    if request.htmx and not request.htmx.history_restore_request and request.htmx.target == "live-figures":
        return HttpResponse(context["figures_html"])
    return render(request, "core/home.html", context)
