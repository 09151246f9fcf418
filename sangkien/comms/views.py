"""Offers, in plain Django views: list, offer, look at one, take it up, decline it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import offers as svc
from .forms import DeclineForm, OfferForm
from .models import OfferStatus


def _visible_offer(request, pk):
    return get_object_or_404(svc.offers_visible_to(request.user), pk=pk)


@login_required
def offer_list(request):
    units = svc.offer_units_of(request.user)
    if not units and not request.user.is_superuser:
        raise PermissionDenied
    unit_ids = {unit.pk for unit in units}
    offers = svc.offers_visible_to(request.user)
    received = [o for o in offers if o.to_unit_id in unit_ids or request.user.is_superuser]
    sent = [o for o in offers if o.from_unit_id in unit_ids]
    return render(request, "comms/offers/list.html", {
        "received": received, "sent": sent,
        "can_offer": any(svc.receiving_unit(unit) for unit in units),
    })


@login_required
def offer_new(request):
    units = [unit for unit in svc.offer_units_of(request.user) if svc.receiving_unit(unit)]
    if not units:
        raise PermissionDenied
    form = OfferForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            offer = svc.offer_create(
                acting_user=request.user, from_unit=form.cleaned_data["from_unit"],
                title=form.cleaned_data["title"], text=form.cleaned_data["text"],
                images=form.cleaned_data["images"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã gửi bài tới %(unit)s.") % {"unit": offer.to_unit.display_name})
            return redirect("comms:offer", pk=offer.pk)
    return render(request, "comms/offers/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def offer_detail(request, pk):
    offer = _visible_offer(request, pk)
    return render(request, "comms/offers/detail.html", {
        "offer": offer, "can_decide": offer.status == OfferStatus.OFFERED and svc.can_decide(request.user, offer),
        "decline_form": DeclineForm(), "events": offer.events.select_related("actor"),
        "images": offer.images.select_related("image"),
    })


@login_required
@require_POST
def offer_take(request, pk):
    offer = _visible_offer(request, pk)
    try:
        page = svc.offer_take(acting_user=request.user, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("comms:offer", pk=offer.pk)
    messages.success(request, _("Đã nhận bài: bản nháp đã có trong chuyên trang, hãy biên tập rồi gửi duyệt."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@login_required
@require_POST
def offer_decline(request, pk):
    offer = _visible_offer(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            svc.offer_decline(acting_user=request.user, offer=offer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã từ chối bài và gửi lý do cho đơn vị cung cấp."))
            return redirect("comms:offer", pk=offer.pk)
    elif not svc.can_decide(request.user, offer):
        raise PermissionDenied
    return render(request, "comms/offers/detail.html", {
        "offer": offer, "can_decide": offer.status == OfferStatus.OFFERED and svc.can_decide(request.user, offer),
        "decline_form": form, "events": offer.events.select_related("actor"),
        "images": offer.images.select_related("image"),
    }, status=400)

