"""Offers: a unit's editors give an article or photos to the nearest upper unit that has a
section ("cung cấp thông tin, bài viết, hình ảnh"); that unit's editors take it up, which makes
a draft article in their section credited to the offering unit, or decline it with a reason.

Who: the section roles (sections.SECTION_ROLES: editor, officer, upper officer, unit admin)
held in exactly the offering unit may offer; the same roles held in exactly the receiving
unit may take or decline. Every write is one transaction with an audit row (OfferEvent).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Unit

from .models import (
    ArticleKind,
    ArticlePage,
    Offer,
    OfferEvent,
    OfferImage,
    OfferStatus,
    SectionPage,
)
from .sanitise import plain_text_to_rich_text
from .sections import SECTION_ROLES

# ---- selectors ----

def offer_units_of(user):
    """Units where the user holds a section role (exactly there), by path."""
    paths = {path for role, path in roles_of(user) if role in SECTION_ROLES}
    return list(Unit.objects.filter(path__in=paths)) if paths else []


def receiving_unit(unit):
    """The nearest unit above `unit` that has a section, or None."""
    ancestors = unit.ancestor_paths()
    section = (SectionPage.objects.filter(unit__path__in=ancestors).select_related("unit")
               .order_by("-unit__path").first())
    return section.unit if section else None


def offers_visible_to(user):
    """Offers sent by or to one of the user's units (system administrators: all)."""
    qs = Offer.objects.select_related("from_unit", "to_unit", "created_by")
    if user.is_superuser:
        return qs
    unit_ids = [unit.pk for unit in offer_units_of(user)]
    return qs.filter(Q(from_unit_id__in=unit_ids) | Q(to_unit_id__in=unit_ids))


def can_offer_from(user, unit):
    return user.is_superuser or any(
        role in SECTION_ROLES and path == unit.path for role, path in roles_of(user))


def can_decide(user, offer):
    return user.is_superuser or any(
        role in SECTION_ROLES and path == offer.to_unit.path for role, path in roles_of(user))


# ---- services ----

@transaction.atomic
def offer_create(*, acting_user, from_unit, title, text, images=()):
    if not can_offer_from(acting_user, from_unit):
        raise PermissionDenied(_("Bạn không cung cấp bài thay cho đơn vị này được."))
    to_unit = receiving_unit(from_unit)
    if to_unit is None:
        raise ValidationError(_("Chưa có đơn vị cấp trên nào có chuyên trang để nhận bài."))
    offer = Offer(from_unit=from_unit, to_unit=to_unit, title=title.strip(), text=text.strip(),
                  created_by=acting_user)
    offer.full_clean()
    offer.save()
    collection = SectionPage.objects.get(unit=to_unit).collection
    Image = get_image_model()
    for upload in images:
        image = Image(title=f"{title[:200]} · {from_unit.display_name}", file=upload, uploaded_by_user=acting_user)
        if collection is not None:
            image.collection = collection
        image.save()
        OfferImage.objects.create(offer=offer, image=image)
    OfferEvent.objects.create(offer=offer, actor=acting_user, action=OfferStatus.OFFERED)
    return offer


def _lock_open(offer, acting_user):
    offer = Offer.objects.select_for_update().select_related("to_unit", "from_unit").get(pk=offer.pk)
    if not can_decide(acting_user, offer):
        raise PermissionDenied(_("Chỉ biên tập viên, cán bộ của %(unit)s nhận hoặc từ chối bài này.")
                               % {"unit": offer.to_unit.display_name})
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(_("Bài này đã được xử lý: %(status)s.") % {"status": offer.get_status_display()})
    return offer


@transaction.atomic
def offer_take(*, acting_user, offer):
    """A draft article in the receiving section, credited to the offering unit."""
    offer = _lock_open(offer, acting_user)
    section = SectionPage.objects.get(unit=offer.to_unit)
    body = [("paragraph", RichText(plain_text_to_rich_text(offer.text)))]
    body += [("image", {"image": item.image, "caption": ""}) for item in offer.images.select_related("image")]
    first_image = offer.images.select_related("image").first()
    page = ArticlePage(
        title=offer.title, lead=offer.text[:300], kind=ArticleKind.NEWS, body=body, live=False,
        credited_unit=offer.from_unit, owner=acting_user,
        hero_image=first_image.image if first_image else None,
    )
    section.add_child(instance=page)
    page.save_revision(user=acting_user, log_action=True)
    offer.status, offer.page = OfferStatus.TAKEN, page
    offer.decided_by, offer.decided_at = acting_user, timezone.now()
    offer.save(update_fields=["status", "page", "decided_by", "decided_at"])
    OfferEvent.objects.create(offer=offer, actor=acting_user, action=OfferStatus.TAKEN)
    return page


@transaction.atomic
def offer_decline(*, acting_user, offer, reason):
    reason = (reason or "").strip()
    offer = _lock_open(offer, acting_user)
    if not reason:
        raise ValidationError({"reason": _("Ghi lý do không nhận bài để đơn vị cung cấp biết.")})
    offer.status, offer.reason = OfferStatus.DECLINED, reason
    offer.decided_by, offer.decided_at = acting_user, timezone.now()
    offer.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    OfferEvent.objects.create(offer=offer, actor=acting_user, action=OfferStatus.DECLINED, comment=reason)
    return offer
