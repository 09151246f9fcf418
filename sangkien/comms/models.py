"""The communications site: one portal home, one flat section per publishing union unit, and
the content pages under each section. Offers (a child unit's article for its parent's
section) are plain Django models, handled by plain views (offers.py, views.py)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from sangkien.core.text import fold

from .blocks import BodyBlock, GuideStepsBlock
from .featuring import FeaturingPageForm
from .slugs import FoldedSlugMixin

CONTENT_PAGE_MODELS = [
    "comms.ArticlePage", "comms.StoryPage", "comms.RepostPage", "comms.GuidePage",
    "comms.DirectiveDocumentPage", "comms.VideoPage",
]


class PortalHomePage(Page):
    """The one root of the public site (/trang/); only system administrators edit it."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["comms.SectionPage"]
    max_count = 1
    template = "comms/pages/portal_home_page.html"
    base_form_class = FeaturingPageForm

    content_panels = [*Page.content_panels, FieldPanel("intro"), InlinePanel("featured_pages", label=_("Bài nổi bật"))]

    class Meta:
        verbose_name = _("trang chủ cổng thông tin")
        verbose_name_plural = _("trang chủ cổng thông tin")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SectionPage.objects.child_of(self).live().select_related("unit").order_by("unit__path")
        context["featured"] = featured_live_pages(self)
        context["newest"] = newest_pages(Page.objects.descendant_of(self))
        return context


class SectionPage(Page):
    """A publishing unit's section. Flat under the portal home, not nested like the union
    tree: a Wagtail group permission covers a page's whole subtree, and an upper unit's
    editors must not edit a child unit's pages (they feature them instead)."""

    unit = models.OneToOneField("orgs.Unit", on_delete=models.PROTECT, related_name="comms_section",
                                verbose_name=_("đơn vị"))
    intro = models.TextField(_("giới thiệu"), blank=True)
    # Set by `sync_comms_sections` (sections.py); never edited by hand.
    collection = models.ForeignKey("wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    editors_group = models.ForeignKey("auth.Group", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", editable=False)
    approvers_group = models.ForeignKey("auth.Group", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", editable=False)

    parent_page_types = ["comms.PortalHomePage"]
    subpage_types = CONTENT_PAGE_MODELS
    template = "comms/pages/section_page.html"
    base_form_class = FeaturingPageForm

    content_panels = [*Page.content_panels, FieldPanel("intro"), InlinePanel("featured_pages", label=_("Bài nổi bật"))]

    class Meta:
        verbose_name = _("chuyên trang đơn vị")
        verbose_name_plural = _("chuyên trang đơn vị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = featured_live_pages(self)
        context["newest"] = newest_pages(Page.objects.child_of(self))
        return context


def content_page_models():
    from django.apps import apps

    return [apps.get_model(label) for label in CONTENT_PAGE_MODELS]


def newest_pages(pages, limit=12):
    """The newest live, public content pages of `pages`, hero images loaded in one query."""
    items = list(pages.live().public().type(*content_page_models()).order_by("-first_published_at")
                 .defer_streamfields().specific()[:limit])
    return with_hero_images(items)


def featured_live_pages(host):
    """The live pages `host` features, in its order (a fixed number of queries)."""
    order = list(host.featured_pages.values_list("page_id", flat=True))
    found = Page.objects.filter(pk__in=order).live().public().defer_streamfields().specific().in_bulk()
    return with_hero_images([found[pk] for pk in order if pk in found])


def with_hero_images(pages):
    from wagtail.images import get_image_model

    ids = {page.hero_image_id for page in pages if getattr(page, "hero_image_id", None)}
    # Renditions come with the images (one query), not one query per {% image %} tag.
    images = get_image_model().objects.prefetch_renditions().in_bulk(ids) if ids else {}
    for page in pages:
        if getattr(page, "hero_image_id", None):
            page.hero_image = images.get(page.hero_image_id)
    return pages


class FeaturedPage(Orderable):
    """A page from a descendant unit's section, shown on an upper section or the portal home."""

    host = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="featured_pages")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("trang nổi bật"))

    panels = [PageChooserPanel("page", page_type=CONTENT_PAGE_MODELS)]

    class Meta(Orderable.Meta):
        verbose_name = _("bài nổi bật")
        verbose_name_plural = _("bài nổi bật")

    def clean(self):
        super().clean()
        if not self.page_id or not self.host_id:
            return
        from .featuring import featuring_error

        error = featuring_error(host=self.host, page=self.page)
        if error:
            raise ValidationError({"page": error})


class CommsPageTag(TaggedItemBase):
    content_object = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="comms_tagged_items")


class RelatedInitiative(Orderable):
    """An initiative a page links to (for a story: an initiative it tells about)."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="related_initiatives")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("số hiệu sáng kiến"))

    # A number box, not a <select> over millions of initiatives.
    panels = [FieldPanel("initiative", widget=forms.NumberInput)]

    class Meta(Orderable.Meta):
        verbose_name = _("sáng kiến liên quan")
        verbose_name_plural = _("sáng kiến liên quan")

    def clean(self):
        super().clean()
        # Only what the public may see: a draft is its author's own, a returned or rejected
        # entry is not the programme's (the same rule as the public search).
        if self.initiative_id and not is_public_initiative(self.initiative):
            raise ValidationError({"initiative": _(
                "Chỉ gắn được sáng kiến đã được cấp trên duyệt (đã duyệt, đề xuất tiêu biểu hoặc được khen thưởng)."
            )})


def is_public_initiative(initiative):
    from sangkien.initiatives.models import COUNTED_STATUSES

    return initiative.status in COUNTED_STATUSES


def public_initiative_links(page):
    """The page's related initiatives that the public may see, in order."""
    from sangkien.initiatives.models import COUNTED_STATUSES

    return page.related_initiatives.filter(initiative__status__in=COUNTED_STATUSES).select_related("initiative")


class CommsPage(FoldedSlugMixin, Page):
    """What every content page of a section has."""

    lead = models.TextField(_("sa-pô (tóm tắt)"), help_text=_("Hiện đầu bài và khi chia sẻ lên mạng xã hội."))
    hero_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("ảnh đại diện"))
    tags = ClusterTaggableManager(through=CommsPageTag, blank=True, verbose_name=_("thẻ"))
    credited_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("đơn vị cung cấp"), editable=False)
    # Folded title + lead + body text (no tone marks, đ -> d) for search; refreshed on save.
    search_folded = models.TextField(editable=False, blank=True, default="")

    parent_page_types = ["comms.SectionPage"]
    subpage_types = []

    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("search_folded")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("hero_image"),
    ]
    tail_panels = [
        FieldPanel("tags"),
        InlinePanel("related_initiatives", label=_("Sáng kiến liên quan")),
    ]

    class Meta:
        abstract = True

    # What the page says, as plain text, for search and for the share card.
    def body_text(self):
        return ""

    def save(self, *args, **kwargs):
        # Derived data, like Unit.name_folded: the search column follows the content.
        self.search_folded = fold(" ".join([self.title, self.lead or "", self.body_text()]))[:50000]
        return super().save(*args, **kwargs)

    def kind_label(self):
        return self._meta.verbose_name

    def model_name(self):
        return self._meta.model_name

    @cached_property
    def section(self):
        return SectionPage.objects.ancestor_of(self).select_related("unit").first()

    def og_title(self):
        return self.seo_title or self.title

    def og_description(self):
        return (self.search_description or self.lead or "")[:300]

    def og_image(self):
        return self.hero_image

    def canonical_url(self, request=None):
        return self.get_full_url(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["initiative_links"] = public_initiative_links(self)
        return context


def stream_text(stream):
    """The words of a StreamField, for search."""
    parts = []
    for block in stream or []:
        value = block.value
        if hasattr(value, "source"):
            parts.append(strip_tags(value.source))
        elif isinstance(value, dict) or hasattr(value, "items"):
            for item in value.values():
                if hasattr(item, "source"):
                    parts.append(strip_tags(item.source))
                elif isinstance(item, str):
                    parts.append(item)
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(parts)


class ArticleKind(models.TextChoices):
    NEWS = "news", _("Tin")
    FEATURE = "feature", _("Bài viết chuyên sâu")


class ArticlePage(CommsPage):
    kind = models.CharField(_("loại bài"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    template = "comms/pages/article_page.html"
    content_panels = [*CommsPage.content_panels, FieldPanel("kind"), FieldPanel("body"), *CommsPage.tail_panels]
    search_fields = [*CommsPage.search_fields, index.FilterField("kind")]

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")

    def body_text(self):
        return stream_text(self.body)


class StoryPage(CommsPage):
    """An exemplary story (điển hình): an article about initiatives and their authors. The
    initiatives are the page's related initiatives; an author's name is shown only when that
    author opted in (accounts.User.show_name_publicly)."""

    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    template = "comms/pages/story_page.html"
    content_panels = [*CommsPage.content_panels, FieldPanel("body"), *CommsPage.tail_panels]

    class Meta:
        verbose_name = _("câu chuyện điển hình")
        verbose_name_plural = _("câu chuyện điển hình")

    def body_text(self):
        return stream_text(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["initiative_links"] = None  # the story lists them itself, with their authors
        return context

    def told_initiatives(self):
        """[(initiative, [public author names])]: live status, names only by consent."""
        from sangkien.initiatives.models import Author

        links = list(public_initiative_links(self))
        ids = [link.initiative_id for link in links]
        names = {}
        for author in Author.objects.filter(initiative_id__in=ids, user__show_name_publicly=True).select_related(
                "user").order_by("position_in_list", "id"):
            names.setdefault(author.initiative_id, []).append(author.full_name)
        return [(link.initiative, names.get(link.initiative_id, [])) for link in links]


class RepostPage(CommsPage):
    """A press article reposted with the attribution the law asks for."""

    outlet = models.CharField(_("cơ quan báo chí"), max_length=200, blank=True)
    original_url = models.URLField(_("đường dẫn bài gốc"), max_length=1000, blank=True)
    original_author = models.CharField(_("tác giả bài gốc"), max_length=200, blank=True)
    original_published = models.DateField(_("ngày đăng bài gốc"), null=True, blank=True)
    permission_note = models.TextField(_("ghi chú về sự cho phép đăng lại"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    template = "comms/pages/repost_page.html"
    content_panels = [
        *CommsPage.content_panels,
        MultiFieldPanel([FieldPanel("outlet"), FieldPanel("original_url"), FieldPanel("original_author"),
                         FieldPanel("original_published"), FieldPanel("permission_note")],
                        heading=_("Nguồn bài gốc (bắt buộc)")),
        FieldPanel("body"),
        *CommsPage.tail_panels,
    ]

    class Meta:
        verbose_name = _("bài đăng lại")
        verbose_name_plural = _("bài đăng lại")

    ATTRIBUTION = ("outlet", "original_url", "original_author", "original_published", "permission_note")

    def clean(self):
        super().clean()
        missing = {
            name: ValidationError(_("Bài đăng lại phải ghi rõ “%(field)s”.")
                                  % {"field": self._meta.get_field(name).verbose_name})
            for name in self.ATTRIBUTION
            if not (str(getattr(self, name) or "").strip())
        }
        if missing:
            raise ValidationError(missing)

    def body_text(self):
        return " ".join([self.outlet, self.original_author, stream_text(self.body)])

    def canonical_url(self, request=None):
        return self.original_url


class GuidePage(CommsPage):
    steps = StreamField(GuideStepsBlock(), verbose_name=_("các bước"), blank=True)

    template = "comms/pages/guide_page.html"
    content_panels = [*CommsPage.content_panels, FieldPanel("steps"), *CommsPage.tail_panels]

    class Meta:
        verbose_name = _("hướng dẫn")
        verbose_name_plural = _("hướng dẫn")

    def body_text(self):
        return stream_text(self.steps)


class DocType(models.TextChoices):
    PROGRAMME = "chuong-trinh", _("Chương trình")
    GUIDANCE = "huong-dan", _("Hướng dẫn")
    PLAN = "ke-hoach", _("Kế hoạch")
    LETTER = "cong-van", _("Công văn")
    DECISION = "quyet-dinh", _("Quyết định")
    REPORT = "bao-cao", _("Báo cáo")
    NOTICE = "thong-bao", _("Thông báo")
    OTHER = "khac", _("Văn bản khác")


class DirectiveDocumentPage(CommsPage):
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 3250/CTr-TLĐ"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices)
    summary = models.TextField(_("trích yếu"), blank=True)
    document = models.ForeignKey("wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("tệp văn bản"))

    template = "comms/pages/directive_document_page.html"
    content_panels = [
        *CommsPage.content_panels,
        FieldPanel("number_symbol"), FieldPanel("issued_on"), FieldPanel("issuer"), FieldPanel("doc_type"),
        FieldPanel("summary"), FieldPanel("document"),
        *CommsPage.tail_panels,
    ]
    search_fields = [
        *CommsPage.search_fields,
        index.SearchField("number_symbol"), index.SearchField("issuer"), index.SearchField("summary"),
        index.FilterField("doc_type"), index.FilterField("issued_on"),
    ]

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        indexes = [models.Index(fields=["doc_type", "issued_on"], name="comms_directive_type_date")]

    def body_text(self):
        return " ".join([self.number_symbol or "", self.issuer or "", self.get_doc_type_display() or "",
                         self.summary or ""])


class VideoPage(CommsPage):
    video = models.ForeignKey("wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("tệp video (mp4, webm)"))
    video_url = models.URLField(_("hoặc đường dẫn tới video"), max_length=1000, blank=True)
    poster = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("ảnh bìa video"))
    description = models.TextField(_("mô tả"), blank=True)

    template = "comms/pages/video_page.html"
    content_panels = [
        *CommsPage.content_panels,
        FieldPanel("video"), FieldPanel("video_url"), FieldPanel("poster"), FieldPanel("description"),
        *CommsPage.tail_panels,
    ]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("video")

    def clean(self):
        super().clean()
        from .blocks import is_video_document

        if bool(self.video_id) == bool(self.video_url):
            raise ValidationError({"video_url": _("Chọn một tệp video hoặc nhập một đường dẫn, không cả hai.")})
        if self.video_id and not is_video_document(self.video):
            raise ValidationError({"video": _("Tệp video phải là .mp4 hoặc .webm.")})

    def body_text(self):
        return self.description or ""

    def og_image(self):
        return self.hero_image or self.poster


# ---- Offers: a child unit's article or photos for its parent's section ----

class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Đã gửi, chờ cấp trên xem")
    TAKEN = "taken", _("Cấp trên đã nhận đăng")
    DECLINED = "declined", _("Cấp trên không nhận")


class Offer(models.Model):
    from_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="comms_offers_sent",
                                  verbose_name=_("đơn vị cung cấp"))
    to_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="comms_offers_received",
                                verbose_name=_("gửi tới"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=OfferStatus.choices,
                              default=OfferStatus.OFFERED, editable=False)
    reason = models.TextField(_("lý do không nhận"), blank=True, editable=False)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to_unit", "status"], name="comms_offer_to_status"),
                   models.Index(fields=["from_unit", "status"], name="comms_offer_from_status")]
        verbose_name = _("bài cung cấp")
        verbose_name_plural = _("bài cung cấp")

    def __str__(self):
        return self.title


class OfferImage(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return str(self.image)


class OfferEvent(models.Model):
    """Audit row: who did what to an offer, when, with which comment."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=OfferStatus.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.offer} · {self.get_action_display()}"

