from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Slogan


class SloganViewSet(SnippetViewSet):
    model = Slogan
    icon = "openquote"
    menu_label = _("Khẩu hiệu")
    add_to_admin_menu = True
    list_display = ["text", "active", "sort_order"]
    list_filter = ["active"]
    search_fields = ["text"]


register_snippet(SloganViewSet)
