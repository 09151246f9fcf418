"""Rich text is cleaned twice: when it is saved and when it is shown.

On save, Wagtail's own rich-text whitelist (the one its editor applies) rewrites the stored
HTML, so text that reached the database some other way (an offer, a script, an import) is
cleaned the same. On display, nh3 (an HTML sanitiser in Rust) passes only a short list of
tags and attributes, so no stored value, old or new, can carry a script to the reader.
"""

from functools import cache

import nh3
from django.utils.html import escape, linebreaks

# The features editors get in a paragraph (no embeds, no raw HTML).
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def _whitelister():
    # Imported late: Wagtail's converters load page models, not ready while models import.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter(features=RICH_TEXT_FEATURES).whitelister


def clean_stored_rich_text(html: str) -> str:
    """Wagtail's whitelist on the stored (database) form: only the enabled features survive."""
    if not html:
        return ""
    return _whitelister().clean(html)


def clean_displayed_html(html: str) -> str:
    """nh3 on rendered HTML: scripts, event handlers and javascript: links never reach a page."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def plain_text_to_rich_text(text: str) -> str:
    """A plain text (an offer's text) as paragraphs of rich text, every character escaped."""
    return clean_stored_rich_text(linebreaks(escape(text or "")))
