"""QR codes for this site's own pages, drawn by the app (no third-party service).

Only paths of this site are encoded, made absolute with the request's host, so the view is
not a QR generator for any address on the internet.
"""

import io

import qrcode
import qrcode.image.svg
from django.utils.translation import gettext as _

BOX = 10  # pixels per module in the PNG
BORDER = 4  # the quiet zone the standard asks for, in modules


def checked_path(value):
    """The path to encode, or raise ValueError with a Vietnamese message."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or any(c in value for c in "\r\n\t "):
        raise ValueError(_("Chỉ tạo mã QR cho đường dẫn của trang này, bắt đầu bằng “/”, ví dụ /trang/tin-tuc/."))
    if len(value) > 1000:
        raise ValueError(_("Đường dẫn quá dài để tạo mã QR (tối đa 1.000 ký tự)."))
    return value


def _code(data):
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=BOX, border=BORDER)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_png(data):
    buffer = io.BytesIO()
    _code(data).make_image().save(buffer)
    return buffer.getvalue()


def qr_svg(data):
    buffer = io.BytesIO()
    _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue()


def qr_matrix(data):
    """The modules of the code for `data` (tests compare a served image with it)."""
    return _code(data).get_matrix()
