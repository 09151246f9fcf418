"""Evidence files (tệp minh chứng): checked by what they contain, never by their name.

A file is accepted when its first bytes say PDF, JPEG or PNG, or when it is a zip whose
entries are those of a Word (word/) or Excel (xl/) document. The stored name is random and
the extension is the detected one; the name the author gave is kept only for display and
for the download. Files live under MEDIA_ROOT/private/, which no public URL serves: they
are read through views.attachment_download, which checks who may see the entry.
"""

import os
import uuid
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangkien.core.models import audit

from .models import Attachment

MAX_SIZE = 10 * 1024 * 1024
MAX_FILES = 20

KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "jpg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sniff(upload):
    """'pdf', 'docx', 'xlsx', 'jpg', 'png' from the file's content, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def clean_name(name):
    """The author's file name, without any path, short enough to show."""
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "tep"
    stem, ext = os.path.splitext(base)
    return (stem[:200] + ext[:10]) or "tep"


def upload_errors(upload):
    """Plain Vietnamese reasons this file cannot be kept, or []."""
    name = clean_name(upload.name)
    if upload.size > MAX_SIZE:
        return [_("Tệp “%(name)s” lớn hơn 10 MB. Hãy nén hoặc chia nhỏ tệp rồi tải lên lại.") % {"name": name}]
    if upload.size == 0:
        return [_("Tệp “%(name)s” không có nội dung.") % {"name": name}]
    if sniff(upload) is None:
        return [_("Tệp “%(name)s” không phải PDF, Word (.docx), Excel (.xlsx), ảnh JPG hoặc PNG. "
                  "Chỉ nhận các loại tệp này; hãy lưu lại tệp đúng định dạng rồi tải lên.") % {"name": name}]
    return []


def _check_editable(acting_user, initiative):
    from .services import can_edit

    if not can_edit(acting_user, initiative):
        raise PermissionDenied(_("Chỉ tác giả hoặc người nhập được thay đổi tệp khi sáng kiến ở trạng thái "
                                 "nháp hoặc yêu cầu bổ sung."))


@transaction.atomic
def attachment_add(*, acting_user, initiative, upload):
    _check_editable(acting_user, initiative)
    problems = upload_errors(upload)
    if problems:
        raise ValidationError(problems)
    if initiative.attachments.count() >= MAX_FILES:
        raise ValidationError(_("Mỗi sáng kiến có tối đa %(count)s tệp minh chứng.") % {"count": MAX_FILES})
    kind = sniff(upload)
    content_type, extension = KINDS[kind]
    original = clean_name(upload.name)
    attachment = Attachment(initiative=initiative, original_name=original, content_type=content_type,
                            size=upload.size, uploaded_by=acting_user)
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    attachment.save()
    audit(actor=acting_user, action="initiative.attachment_add", unit=initiative.unit, subject=initiative,
          name=original, kind=kind, size=upload.size)
    return attachment


@transaction.atomic
def attachment_delete(*, acting_user, attachment):
    initiative = attachment.initiative
    _check_editable(acting_user, initiative)
    name = attachment.original_name
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored))
    audit(actor=acting_user, action="initiative.attachment_delete", unit=initiative.unit, subject=initiative,
          name=name)
