"""Test data for the section tests: drafts, revisions, submissions, images and documents."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from sangkien.comms.models import ArticlePage


def png_bytes(size=(8, 8), color=(200, 30, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="anh.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def draft(section, title, *, user=None, revisions=2):
    page = ArticlePage(title=title, slug=None, lead=f"Sa-pô {title}", live=False, owner=user,
                       body=[("paragraph", RichText(f"<p>{title}</p>"))])
    from django.utils.text import slugify

    from sangkien.core.text import fold

    page.slug = slugify(fold(title))
    section.add_child(instance=page)
    for n in range(revisions):
        page.lead = f"Sa-pô {title} ({n})"
        page.save_revision(user=user)
    return page


def submitted(section, title, *, user):
    """A draft its editor has sent for approval (a workflow in progress at its first task)."""
    page = draft(section, title, user=user, revisions=1)
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page


def image_in(collection, title):
    return get_image_model().objects.create(
        title=title, collection=collection, file=ContentFile(png_bytes(), name=f"{title}.png"))


def document_in(collection, title):
    return get_document_model().objects.create(
        title=title, collection=collection, file=ContentFile(pdf_bytes(), name=f"{title}.pdf"))
