from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import qr, selectors
from .models import MediaKind


@require_GET
def media_kit(request: HttpRequest):
    """The public media kit: every item in every size, each downloadable, and the slogans."""
    items = list(selectors.kit_items())
    groups = [(label, [item for item in items if item.kind == kind]) for kind, label in MediaKind.choices]
    return render(request, "kit/media_kit.html", {
        "groups": [(label, group) for label, group in groups if group],
        "slogans": selectors.active_slogans(),
    })


def _file_response(request, pk, *, attachment):
    media = selectors.kit_file(pk)
    if media is None or not media.file:
        raise Http404(_("Không có tệp này trong bộ nhận diện."))
    try:
        handle = media.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Không có tệp này trong bộ nhận diện.")) from error
    response = FileResponse(handle, as_attachment=attachment, filename=media.download_name,
                            content_type=media.content_type)
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def kit_download(request: HttpRequest, pk: int):
    return _file_response(request, pk, attachment=True)


@require_GET
def kit_preview(request: HttpRequest, pk: int):
    return _file_response(request, pk, attachment=False)


@require_GET
def qr_code(request: HttpRequest, fmt: str):
    """`/ma-qr.svg?duong-dan=/trang/…` (or .png): a QR code for a page of this site."""
    try:
        path = qr.checked_path(request.GET.get("duong-dan"))
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    url = request.build_absolute_uri(path)
    if fmt == "png":
        response = HttpResponse(qr.qr_png(url), content_type="image/png")
    else:
        response = HttpResponse(qr.qr_svg(url), content_type="image/svg+xml")
    # The same path always gives the same picture: let browsers and proxies keep it a day.
    patch_cache_control(response, public=True, max_age=86400)
    return response
