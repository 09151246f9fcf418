"""The campaign's artwork drawn with Pillow: the logo, banners and posters in several sizes.

Drawn, not shipped: every size carries the campaign's name in Vietnamese, set in DejaVu
(Debian's fonts-dejavu-core, which has every Vietnamese letter, stacked tone marks included:
"TRIỆU", "KIẾN"). The demo and `manage.py kit_generate` store the results as MediaFiles.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

RED, RED_DARK, GOLD, WHITE, CREAM = "#b3161b", "#8a0f13", "#f5c242", "#ffffff", "#fde8a8"

# The words of the campaign (Chương trình 3250/CTr-TLĐ and the seed plan 147/KH-CĐGD).
KICKER = "CÔNG ĐOÀN VIỆT NAM · CHƯƠNG TRÌNH"
NAME = "01 TRIỆU SÁNG KIẾN"
MOTTO = "Nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19"
FOOTER = "Tự hào trí tuệ lao động Việt Nam · 1 triệu sáng kiến – Triệu việc tốt"


@dataclass(frozen=True)
class Size:
    slug: str
    label: str
    width: int
    height: int


# The sizes people ask for: social covers and posts, a web banner, a street banner (5 m × 0,8 m
# in proportion) and A4/A3 posters at 150 dpi. Labels are shown on the kit page.
LOGO_SIZES = [
    Size("logo", "Biểu trưng nhỏ (ảnh đại diện)", 256, 256),
    Size("logo", "Biểu trưng vừa", 512, 512),
    Size("logo", "Biểu trưng lớn (in ấn)", 1024, 1024),
]
BANNER_SIZES = [
    Size("banner", "Ảnh chia sẻ mạng xã hội (1200×630)", 1200, 630),
    Size("banner", "Ảnh bìa trang Facebook, Zalo OA", 1640, 624),
    Size("banner", "Bài đăng vuông Facebook, Zalo", 1080, 1080),
    Size("banner", "Băng rôn trang web", 1920, 600),
    Size("banner", "Băng rôn treo 5 m × 0,8 m (tỉ lệ)", 3000, 480),
]
POSTER_SIZES = [
    Size("poster", "Áp phích khổ A4 (150 dpi)", 1240, 1754),
    Size("poster", "Áp phích khổ A3 (150 dpi)", 1754, 2480),
]


def font(path, size):
    return ImageFont.truetype(path, max(8, int(size)))


def _fit(draw, text, path, max_width, max_size):
    """The largest font (not above max_size) in which `text` fits on one line of max_width."""
    size = int(max_size)
    while size > 8:
        face = font(path, size)
        if draw.textlength(text, font=face) <= max_width:
            return face
        size = int(size * 0.92)
    return font(path, 8)


def _wrap(draw, text, face, max_width):
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=face) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def draw_logo(image, box):
    """The mark: a gold disc with a red ring, "01" and "TRIỆU SÁNG KIẾN" set inside it."""
    draw = ImageDraw.Draw(image)
    left, top, size = box
    draw.ellipse((left, top, left + size, top + size), fill=GOLD, outline=RED_DARK, width=max(2, size // 28))
    inner = size * 0.78
    one = _fit(draw, "01", FONT_BOLD, inner * 0.62, size * 0.42)
    words = _fit(draw, "TRIỆU SÁNG KIẾN", FONT_BOLD, inner * 0.86, size * 0.11)
    cx = left + size / 2
    draw.text((cx, top + size * 0.44), "01", font=one, fill=RED, anchor="mm")
    draw.text((cx, top + size * 0.72), "TRIỆU SÁNG KIẾN", font=words, fill=RED_DARK, anchor="mm")
    # A rising line under the figure: the programme's "triệu việc tốt", kept abstract.
    bar = size * 0.34
    draw.rectangle((cx - bar / 2, top + size * 0.59, cx + bar / 2, top + size * 0.605), fill=RED)


def logo_png(size):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_logo(image, (0, 0, size))
    return _png(image)


def artwork_png(width, height):
    """A banner or poster: the logo, the kicker, the campaign's name, the motto and the footer."""
    image = Image.new("RGB", (width, height), RED)
    draw = ImageDraw.Draw(image)
    short = min(width, height)
    draw.rectangle((0, 0, width, max(6, short // 40)), fill=GOLD)
    draw.rectangle((0, height - max(6, short // 40), width, height), fill=GOLD)
    margin = short * 0.08
    if width / height >= 1.3:
        _landscape(image, draw, width, height, margin)
    else:
        _portrait(image, draw, width, height, margin)
    return _png(image)


def _landscape(image, draw, width, height, margin):
    logo = int(height - 2 * margin) if width / height < 4 else int(height * 0.8)
    top = (height - logo) // 2
    draw_logo(image, (int(margin), top, logo))
    left = margin * 2 + logo
    room = width - left - margin
    kicker = _fit(draw, KICKER, FONT_REGULAR, room, height * 0.07)
    name = _fit(draw, NAME, FONT_BOLD, room, height * 0.2)
    motto_face = font(FONT_REGULAR, max(kicker.size, min(height * 0.065, room / 28)))
    motto = _wrap(draw, MOTTO, motto_face, room)
    if width / height >= 4:  # a street banner: the name and one line of motto, large
        motto = motto[:1] if len(motto) == 1 else [MOTTO]
        motto_face = _fit(draw, MOTTO, FONT_REGULAR, room, height * 0.1)
    lines = [(KICKER, kicker, CREAM), (NAME, name, WHITE)]
    lines += [(line, motto_face, CREAM) for line in motto]
    if width / height < 4:
        lines.append((FOOTER, _fit(draw, FOOTER, FONT_REGULAR, room, height * 0.045), GOLD))
    _stack(draw, lines, left, height, align="left")


def _portrait(image, draw, width, height, margin):
    logo = int(min(width * 0.5, height * 0.36))
    draw_logo(image, (int((width - logo) / 2), int(margin * 1.2), logo))
    room = width - 2 * margin
    kicker = _fit(draw, KICKER, FONT_REGULAR, room, width * 0.045)
    name = _fit(draw, NAME, FONT_BOLD, room, width * 0.12)
    motto_face = font(FONT_REGULAR, width * 0.05)
    lines = [(KICKER, kicker, CREAM), (NAME, name, WHITE)]
    lines += [(line, motto_face, CREAM) for line in _wrap(draw, MOTTO, motto_face, room)]
    footer_face = font(FONT_REGULAR, width * 0.032)
    lines += [(line, footer_face, GOLD) for line in _wrap(draw, FOOTER, footer_face, room)]
    top = margin * 1.2 + logo + margin * 0.6
    _stack(draw, lines, width / 2, height, align="center", top=top)


def _stack(draw, lines, x, height, *, align, top=None):
    gaps = [face.size * 0.45 for _text, face, _fill in lines]
    total = sum(face.size * 1.25 for _text, face, _fill in lines) + sum(gaps[:-1])
    y = (height - total) / 2 if top is None else top + (height - top - total) / 3
    for (text, face, fill), gap in zip(lines, gaps, strict=True):
        anchor = "la" if align == "left" else "ma"
        draw.text((x, y), text, font=face, fill=fill, anchor=anchor)
        y += face.size * 1.25 + gap


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
