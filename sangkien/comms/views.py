"""Offers, in plain Django views: list, offer, look at one, take it up, decline it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import featuring
from . import offers as svc
from .forms import DeclineForm, OfferForm
from .models import OfferStatus, featured_live_pages
from .sections import portal_home


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
        "can_feature_home": featuring.can_feature_on_home(request.user),
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



class HomeFeatureForm(forms.Form):
    page = forms.TypedChoiceField(label=gettext_lazy("Bài đưa lên trang chủ"), coerce=int)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].choices = [(page.pk, f"{page.title} · {page.section.unit.display_name}")
                                       for page in candidates]


@login_required
def home_features(request):
    """What the portal home features: pick from the newest live pages, or take one off."""
    if not featuring.can_feature_on_home(request.user):
        raise PermissionDenied
    candidates = featuring.home_candidates()
    by_pk = {page.pk: page for page in candidates}
    form = HomeFeatureForm(request.POST if request.POST.get("action") == "add" else None, candidates=candidates)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                featuring.home_feature_remove(acting_user=request.user, page_id=int(request.POST.get("page", 0)))
                messages.success(request, _("Đã bỏ bài khỏi trang chủ."))
                return redirect("comms:home_features")
            if form.is_valid():
                featuring.home_feature_add(acting_user=request.user, page=by_pk[form.cleaned_data["page"]])
                messages.success(request, _("Đã đưa bài lên trang chủ."))
                return redirect("comms:home_features")
        except (ValidationError, ValueError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
    home = portal_home()
    return render(request, "comms/home_features.html", {
        "form": form, "home": home, "featured": featured_live_pages(home),
    }, status=400 if form.errors else 200)
