"""Documents are checked by what they contain, not by their name, and by size.

Wagtail checks an image's content itself (the image library must open it, in the format its
extension claims) and its size (WAGTAILIMAGES_MAX_UPLOAD_SIZE). For documents it checks only
the extension (WAGTAILDOCS_EXTENSIONS); this base form (WAGTAILDOCS_DOCUMENT_FORM_BASE) adds a
look at the file's first bytes and a size limit (COMMS_DOCUMENT_MAX_UPLOAD_SIZE).
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

# Extension -> the kinds `filetype` may find in such a file. Office files are zip (docx…) or
# OLE containers (doc…); `filetype` names them by their own extension when it can tell.
CONTENT_KINDS = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
    "ods": {"ods", "zip"},
    "doc": {"doc", "xls", "ppt"},
    "xls": {"doc", "xls", "ppt"},
    "ppt": {"doc", "xls", "ppt"},
    "zip": {"zip"},
    "mp4": {"mp4", "m4v", "mov"},
    "webm": {"webm", "mkv"},
}
DOCUMENT_EXTENSIONS = sorted(CONTENT_KINDS)


def check_document_file(upload):
    """Raise ValidationError (Vietnamese) unless the file's bytes match its extension and it
    is within the size limit."""
    limit = settings.COMMS_DOCUMENT_MAX_UPLOAD_SIZE
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tệp văn bản, video tối đa %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    wanted = CONTENT_KINDS.get(extension)
    if wanted is None:
        raise ValidationError(
            _("Không nhận tệp .%(ext)s. Chỉ nhận: %(allowed)s.")
            % {"ext": extension, "allowed": ", ".join(DOCUMENT_EXTENSIONS)})
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in wanted:
        raise ValidationError(
            _("Nội dung tệp không phải là tệp .%(ext)s như tên tệp ghi. Hãy chọn đúng tệp gốc.")
            % {"ext": extension})


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # A new upload is an UploadedFile; an unchanged file on edit is the stored FieldFile.
        if upload and hasattr(upload, "content_type"):
            check_document_file(upload)
        return upload
