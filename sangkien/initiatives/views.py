from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import selectors
from .models import Initiative
from .workflow import MoveRefused, StaleMove, initiative_move, moves_for


def _get_visible(request, pk):
    initiative = get_object_or_404(
        Initiative.objects.select_related("unit", "campaign", "phase", "field", "level_unit", "created_by"), pk=pk
    )
    if not (request.user.is_superuser or request.user.has_perm("initiatives.view", initiative)):
        raise Http404
    return initiative


@login_required
def detail(request, pk):
    initiative = _get_visible(request, pk)
    full = request.user.is_superuser or request.user.has_perm("initiatives.view_full", initiative)
    context = {
        "initiative": initiative,
        "full": full or not initiative.confidential,
        "moves": moves_for(request.user, initiative),
        "transitions": initiative.transitions.select_related("actor", "unit"),
        "authors": initiative.authors.all(),
        "honours": initiative.honours.select_related("unit"),
    }
    return render(request, "initiatives/detail.html", context)


@login_required
@require_POST
def move(request, pk, action):
    initiative = _get_visible(request, pk)
    seen_version = request.POST.get("version")
    if seen_version and str(initiative.version) != seen_version:
        messages.error(request, StaleMove.message)
        return redirect("initiatives:detail", pk=pk)
    honour = {k: request.POST.get(k, "").strip() for k in ("title", "decision_number")}
    try:
        initiative_move(acting_user=request.user, initiative=initiative, action=action,
                        comment=request.POST.get("comment", ""), honour=honour if honour["title"] else None)
    except StaleMove:
        messages.error(request, StaleMove.message)
    except MoveRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for problems in exc.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, "✓")
    return redirect("initiatives:detail", pk=pk)


@login_required
def waiting(request):
    qs = selectors.initiatives_waiting_for(request.user).select_related("unit")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    now = timezone.now()
    for item in page:
        item.days_waiting = (now - item.status_changed_at).days
    return render(request, "initiatives/waiting.html", {"page": page})
