import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from PIL import Image

from sangkien.kit import qr

pytestmark = pytest.mark.django_db


def url(path, fmt="png"):
    return reverse("kit:qr", args=[fmt]) + "?" + urlencode({"duong-dan": path})


def modules_of(png_bytes):
    """Reads the modules back from a served PNG (box size and border as drawn by qr.py)."""
    image = Image.open(io.BytesIO(png_bytes)).convert("L")
    count = image.width // qr.BOX
    half = qr.BOX // 2
    return [[image.getpixel((c * qr.BOX + half, r * qr.BOX + half)) < 128 for c in range(count)]
            for r in range(count)]


def test_the_png_encodes_the_absolute_url_with_the_request_host(client, settings):
    settings.ALLOWED_HOSTS = ["sangkien.example.vn"]
    response = client.get(url("/trang/cdgd-hoa-binh/cau-chuyen-sang-kien/"), HTTP_HOST="sangkien.example.vn")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    expected = qr.qr_matrix("http://sangkien.example.vn/trang/cdgd-hoa-binh/cau-chuyen-sang-kien/")
    assert modules_of(response.content) == expected
    # And not some other address: a different host draws different modules.
    assert modules_of(response.content) != qr.qr_matrix("http://khac.example.vn/trang/cdgd-hoa-binh/cau-chuyen-sang-kien/")


def test_the_svg_is_an_svg_and_both_are_cached_a_day(client):
    for fmt in ("svg", "png"):
        response = client.get(url("/", fmt))
        assert response.status_code == 200
        assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    svg = client.get(url("/", "svg"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content


@pytest.mark.parametrize("bad", ["https://evil.example/x", "//evil.example/x", "trang/x", "", "/a b", "/\\evil"])
def test_only_this_sites_paths_are_encoded_with_a_vietnamese_message(client, bad):
    response = client.get(url(bad))
    assert response.status_code == 400
    assert "Chỉ tạo mã QR cho đường dẫn của trang này" in response.content.decode()


def test_another_format_is_not_found(client):
    assert client.get("/ma-qr.gif?duong-dan=/").status_code == 404
