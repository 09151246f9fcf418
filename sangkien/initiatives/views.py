import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from . import entry, selectors
from .attachments import MAX_FILES, attachment_add, attachment_delete
from .forms import GeneralForm, HonourForm
from .models import Attachment, Initiative, Status
from .rules import is_unit_officer
from .search import similar_titles
from .services import (
    authors_errors,
    can_edit,
    completeness_errors,
    initiative_create,
    initiative_update,
)
from .workflow import AUTHOR, MoveRefused, StaleMove, initiative_move, moves_for


def _get_visible(request, pk, *, related=("unit", "campaign", "phase", "field", "level_unit", "created_by")):
    initiative = get_object_or_404(Initiative.objects.select_related(*related).prefetch_related("authors"), pk=pk)
    if not (request.user.is_superuser or request.user.has_perm("initiatives.view", initiative)):
        raise Http404
    return initiative


def _get_editable(request, pk):
    initiative = _get_visible(request, pk)
    if not can_edit(request.user, initiative):
        raise PermissionDenied(_("Chỉ tác giả hoặc người nhập được sửa sáng kiến, và chỉ khi sáng kiến là "
                                 "bản nháp hoặc được trả lại để bổ sung."))
    return initiative


def _sees_full(user, initiative):
    return user.is_superuser or not initiative.confidential or user.has_perm("initiatives.view_full", initiative)


# The detail page ---------------------------------------------------------------------------


def _next_step(initiative):
    """What happens next, in plain words, for the status the entry is in."""
    unit = initiative.unit.name
    level = initiative.level_unit.name if initiative.level_unit_id else ""
    return {
        Status.DRAFT: _("Đây là bản nháp, chưa gửi đi. Khi đủ thông tin, tác giả bấm “Gửi CĐCS xác nhận” để "
                        "cán bộ %(unit)s xem và xác nhận.") % {"unit": unit},
        Status.SUBMITTED: _("Đang chờ cán bộ %(unit)s xác nhận. Tác giả sẽ được thông báo khi sáng kiến được "
                            "xác nhận hoặc cần bổ sung.") % {"unit": unit},
        Status.RETURNED: _("%(unit)s đã trả lại để bổ sung. Tác giả sửa theo ý kiến rồi gửi lại; cán bộ "
                           "sẽ xem lại và xác nhận.") % {"unit": unit},
        Status.WITHDRAWN: _("Tác giả đã rút sáng kiến này. Không có bước tiếp theo."),
        Status.CONFIRMED: _("%(unit)s đã xác nhận. Đang chờ công đoàn cấp trên duyệt; khi được duyệt, sáng "
                            "kiến được tính vào chỉ tiêu.") % {"unit": unit},
        Status.REJECTED: _("Sáng kiến không được duyệt. Không có bước tiếp theo."),
        Status.APPROVED: _("%(level)s đã duyệt; sáng kiến được tính vào chỉ tiêu. %(level)s có thể đề xuất "
                           "sáng kiến tiêu biểu lên cấp trên.") % {"level": level},
        Status.NOMINATED: _("Đang được đề xuất tiêu biểu tại %(level)s. %(level)s có thể khen thưởng hoặc đề "
                            "xuất tiếp lên cấp trên.") % {"level": level},
        Status.HONOURED: _("Sáng kiến đã được khen thưởng. Xin chúc mừng tác giả!"),
    }[initiative.status]


def _detail_context(request, initiative, *, honour_form=None):
    user = request.user
    full = _sees_full(user, initiative)
    officer = user.is_superuser or is_unit_officer.test(user, initiative)
    # The forward move first (send, confirm, approve…); withdrawing comes last.
    moves = sorted(moves_for(user, initiative), key=lambda m: m.action == "withdraw")
    transitions = list(initiative.transitions.select_related("actor", "unit")) if full else []
    last = transitions[-1] if transitions else None
    return {
        "initiative": initiative,
        "full": full,
        # Birth years are for the union's officers only, never for other members.
        "show_birth_years": bool(officer),
        "authors": initiative.authors.all(),
        "attachments": initiative.attachments.all() if full else [],
        "transitions": transitions,
        # Why it came back or was turned down, shown where the author looks first.
        "reason": last if last and last.comment and last.action in ("return", "reject") else None,
        "honours": initiative.honours.select_related("unit"),
        "author_moves": [m for m in moves if m.actor == AUTHOR],
        "officer_moves": [m for m in moves if m.actor != AUTHOR],
        "can_edit": can_edit(user, initiative),
        "next_step": _next_step(initiative),
        "honour_form": honour_form or HonourForm(),
        **_scoring_context(user, initiative),
    }


def _scoring_context(user, initiative):
    """Council scores beside the approval (approvers only), and the scorer's own link."""
    from . import scoring

    scheme = scoring.scheme_for(initiative)
    if scheme is None:
        return {}
    context = {}
    if user.has_perm("initiatives.view_scores", initiative):
        context["scores"] = scoring.summary_for(initiative, scheme)
    assignment = scoring.assignment_of(user, initiative, scheme)
    if assignment is not None and scoring.refusal(user, initiative, assignment) is None:
        context["score_link"] = True
        context["own_score"] = assignment.scored_at is not None
    return context


@login_required
def detail(request, pk):
    initiative = _get_visible(request, pk)
    context = _detail_context(request, initiative)
    template = "initiatives/_partials/detail_body.html" if request.htmx else "initiatives/detail.html"
    return render(request, template, context)


# What an officer is told after each move (the chosen one translated per request).
_DONE = {
    "withdraw": gettext_lazy("Đã rút sáng kiến."),
    "confirm": gettext_lazy("Đã xác nhận sáng kiến. Tác giả sẽ được thông báo."),
    "return": gettext_lazy("Đã trả lại sáng kiến để tác giả bổ sung. Tác giả sẽ được thông báo kèm ý kiến của bạn."),
    "reject": gettext_lazy("Đã ghi nhận sáng kiến không được duyệt. Tác giả sẽ được thông báo kèm lý do."),
    "approve": gettext_lazy("Đã duyệt sáng kiến. Sáng kiến được tính vào chỉ tiêu."),
    "nominate": gettext_lazy("Đã đề xuất sáng kiến tiêu biểu lên cấp trên."),
    "honour": gettext_lazy("Đã ghi nhận khen thưởng."),
}


def _done_message(action):
    return str(_DONE.get(action) or _("Đã thực hiện."))


@login_required
@require_POST
def move(request, pk, action):
    # A move needs the entry and its authors: two prepared reads. Only a refused honour form
    # renders the page (its related rows then load as it reads them).
    initiative = selectors.initiative_for_move(pk)
    if initiative is None or not (request.user.is_superuser or request.user.has_perm("initiatives.view", initiative)):
        raise Http404
    if action in ("submit", "resubmit"):
        return submit(request, pk)
    seen_version = request.POST.get("version")
    if seen_version and str(initiative.version) != seen_version:
        messages.error(request, StaleMove.message)
        return redirect("initiatives:detail", pk=pk)
    honour = None
    if action == "honour":
        form = HonourForm(request.POST)
        if not form.is_valid():
            context = _detail_context(request, initiative, honour_form=form)
            return render(request, "initiatives/detail.html", context, status=400)
        honour = form.cleaned_data
    try:
        initiative_move(acting_user=request.user, initiative=initiative, action=action,
                        comment=request.POST.get("comment", ""), honour=honour)
    except StaleMove:
        messages.error(request, StaleMove.message)
    except MoveRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for problems in exc.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, _done_message(action))
    return redirect("initiatives:detail", pk=pk)


# Entering an initiative ------------------------------------------------------------------------


def _draft_from_post(request):
    """The draft a new-entry form already created (its id comes back in a hidden field)."""
    pk = request.POST.get("initiative", "")
    if not pk.isdigit():
        return None
    return _get_editable(request, int(pk))


def _section_page(request, *, section, initiative, form=None, formset=None, extra_errors=(), status=200,
                  **context):
    context.update({
        "section": section,
        "sections": entry.SECTIONS,
        "step": entry.SECTIONS.index(section) + 1,
        "next_section": entry.next_section(section),
        "initiative": initiative,
        "form": form,
        "formset": formset,
        "extra_errors": extra_errors,
        "draft_key": f"{initiative.pk}-{section.slug}" if initiative else "new",
        "autosave_url": (reverse("initiatives:autosave", args=[initiative.pk, section.slug]) if initiative
                         else reverse("initiatives:autosave_new")),
    })
    if formset is not None:
        context.update(entry.authors_context(formset, request.user, focus=context.pop("focus", None)))
    if request.htmx and formset is not None and request.POST.get("action", "").startswith(("add", "remove")):
        return render(request, "initiatives/_partials/authors.html", context, status=status)
    return render(request, "initiatives/entry/section.html", context, status=status)


def _after_save(request, initiative, section):
    if "to_list" in request.POST:
        return redirect("initiatives:edit", pk=initiative.pk)
    following = entry.next_section(section)
    if following is None:
        return redirect("initiatives:edit", pk=initiative.pk)
    return redirect("initiatives:edit_section", pk=initiative.pk, section=following.slug)


def _save_form(request, form, initiative):
    """Save what is valid of `form` to `initiative` (created if None). Returns the initiative."""
    data = form.saveable_data()
    if initiative is None:
        unit = data.pop("unit")
        return initiative_create(acting_user=request.user, unit=unit, data=data, authors=[])
    return initiative_update(acting_user=request.user, initiative=initiative, data=data)


@login_required
def create(request):
    if not entry.units_for_entry(request.user).exists():
        return render(request, "initiatives/entry/no_unit.html", status=403)
    initiative = _draft_from_post(request) if request.method == "POST" else None
    if request.method == "POST":
        form = GeneralForm(request.POST, user=request.user, instance=initiative or Initiative())
        if form.is_valid():
            initiative = _save_form(request, form, initiative)
            return _after_save(request, initiative, entry.FIRST)
    else:
        form = GeneralForm(user=request.user, instance=Initiative())
    return _section_page(request, section=entry.FIRST, initiative=initiative, form=form)


@login_required
def edit(request, pk):
    """The task list: every section with what is done and what is left, and the button to send."""
    initiative = _get_editable(request, pk)
    return _overview(request, initiative)


def _overview(request, initiative, *, submit_errors=None, status=200):
    errors = completeness_errors(initiative)
    returned = None
    if initiative.status == Status.RETURNED:
        returned = initiative.transitions.filter(action="return").select_related("actor", "unit").last()
    context = {
        "initiative": initiative,
        "tasks": entry.task_list(initiative, errors, initiative.attachments.count()),
        "missing": len([t for t in entry.task_list(initiative, errors, 0) if t["state"] == "todo"]),
        "submit_errors": submit_errors,
        "returned": returned,
        "submit_label": _("Gửi lại sau khi bổ sung") if initiative.status == Status.RETURNED
        else _("Gửi CĐCS xác nhận"),
    }
    return render(request, "initiatives/entry/overview.html", context, status=status)


@login_required
def edit_section(request, pk, section):
    initiative = _get_editable(request, pk)
    section = entry.BY_SLUG.get(section)
    if section is None:
        raise Http404
    if section.slug == "tac-gia":
        return _authors_section(request, initiative, section)
    if section.slug == "tep-minh-chung":
        return _files_section(request, initiative, section)
    if request.method == "POST":
        form = section.form_class(request.POST, user=request.user, instance=initiative)
        valid = form.is_valid()
        try:
            initiative = _save_form(request, form, initiative)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            valid = False
        if valid:
            return _after_save(request, initiative, section)
    else:
        form = section.form_class(user=request.user, instance=initiative)
    return _section_page(request, section=section, initiative=initiative, form=form)


def _authors_section(request, initiative, section):
    allowed = entry.allowed_author_users(request.user, initiative)
    if request.method != "POST":
        rows = entry.author_initial(initiative)
        formset = entry.unbound_authors(rows, allowed=allowed, blank_rows=0 if rows else 1)
        return _section_page(request, section=section, initiative=initiative, formset=formset)

    formset = entry.bound_authors(request.POST, allowed=allowed)
    action = request.POST.get("action", "save")
    if action.startswith(("add", "remove")):
        rows = entry.posted_rows(formset)
        focus = None
        if action == "add_row":
            rows.append({})
            focus = len(rows) - 1
        elif action == "add_me":
            mine = entry.me_row(request.user, rows)
            blank = next((i for i, r in enumerate(rows) if not any((v or "").strip() for v in r.values())), None)
            if blank is None:
                rows.append(mine)
            else:
                rows[blank] = mine
        elif action.startswith("remove-") and action[7:].isdigit() and int(action[7:]) < len(rows):
            del rows[int(action[7:])]
        # What is on screen is what the server keeps: save it as the author sees it.
        changed = entry.unbound_authors(rows, allowed=allowed, blank_rows=0)
        rebound = entry.bound_authors(_formset_data(changed), allowed=allowed)
        initiative_update(acting_user=request.user, initiative=initiative, data={},
                          authors=entry.saveable_rows(rebound))
        formset = entry.unbound_authors(rows, allowed=allowed, blank_rows=0 if rows else 1)
        return _section_page(request, section=section, initiative=initiative, formset=formset, focus=focus)

    valid = formset.is_valid()
    rows = entry.saveable_rows(formset)
    problems = authors_errors(rows) if valid else []
    initiative_update(acting_user=request.user, initiative=initiative, data={}, authors=rows)
    if valid and not problems:
        return _after_save(request, initiative, section)
    return _section_page(request, section=section, initiative=initiative, formset=formset,
                         extra_errors=[(p, "#authors") for p in problems])


def _formset_data(formset):
    """The POST data an unbound formset would send back (to save rows shown after add/remove)."""
    data = {f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)), f"{formset.prefix}-INITIAL_FORMS": "0"}
    for form in formset.forms:
        for name in form.fields:
            value = form.initial.get(name)
            data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def _files_section(request, initiative, section):
    problems = []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            problems.append(_("Chọn ít nhất một tệp để tải lên."))
        saved = 0
        for upload in uploads:
            try:
                attachment_add(acting_user=request.user, initiative=initiative, upload=upload)
                saved += 1
            except ValidationError as exc:
                problems.extend(exc.messages)
        if saved:
            messages.success(request, _("Đã tải lên %(count)s tệp.") % {"count": saved})
        if not problems:
            return redirect("initiatives:edit_section", pk=initiative.pk, section=section.slug)
    context = {"attachments": initiative.attachments.all(), "max_files": MAX_FILES}
    return _section_page(request, section=section, initiative=initiative,
                         extra_errors=[(p, "#id_files") for p in problems], status=400 if problems else 200,
                         **context)


def _save_status(request, *, saved_at=None, problems=(), note="", status=200):
    response = render(request, "initiatives/_partials/save_status.html",
                      {"saved_at": saved_at, "problems": problems, "note": note}, status=status)
    if saved_at:
        response["X-Draft-Saved"] = "1"
    return response


def _autosave(request, initiative, section):
    if not can_edit(request.user, initiative):
        return _save_status(request, note=_("Không lưu được: sáng kiến đã được gửi đi hoặc bạn không còn quyền sửa."))
    problems = []
    try:
        if section.slug == "tac-gia":
            allowed = entry.allowed_author_users(request.user, initiative)
            formset = entry.bound_authors(request.POST, allowed=allowed)
            rows = entry.saveable_rows(formset)
            initiative_update(acting_user=request.user, initiative=initiative, data={}, authors=rows)
            for form in formset.forms:
                for name, errors in form.errors.items():
                    problems.append((form.fields[name].label, errors[0]))
        elif section.form_class is not None:
            form = section.form_class(request.POST, user=request.user, instance=initiative)
            form.is_valid()
            initiative_update(acting_user=request.user, initiative=initiative, data=form.saveable_data())
            problems = [(form.fields[name].label if name in form.fields else "", errors[0])
                        for name, errors in form.errors.items()]
    except ValidationError as exc:
        return _save_status(request, problems=[("", m) for m in exc.messages])
    return _save_status(request, saved_at=timezone.localtime(), problems=problems)


@login_required
@require_POST
def autosave_new(request):
    """The first autosave of a new entry creates the draft; later ones update it."""
    initiative = _draft_from_post(request)
    if initiative is not None:
        return _autosave(request, initiative, entry.FIRST)
    form = GeneralForm(request.POST, user=request.user, instance=Initiative())
    form.is_valid()
    data = form.saveable_data()
    if not (data.get("title") and data.get("unit") and data.get("campaign")):
        return _save_status(request, note=_("Bản nháp được lưu khi đã có tên sáng kiến và công đoàn cơ sở."))
    try:
        initiative = _save_form(request, form, None)
    except ValidationError as exc:
        return _save_status(request, problems=[("", m) for m in exc.messages])
    problems = [(form.fields[name].label, errors[0]) for name, errors in form.errors.items()]
    response = _save_status(request, saved_at=timezone.localtime(), problems=problems)
    # The page now edits that draft: its id and the "back to the sections" button come along.
    response.content += render(request, "initiatives/_partials/draft_id.html",
                               {"initiative": initiative, "next_section": entry.next_section(entry.FIRST)}).content
    # Reloading the page now opens the saved draft, not an empty form.
    response["HX-Push-Url"] = reverse("initiatives:edit_section", args=[initiative.pk, entry.FIRST.slug])
    response["HX-Trigger"] = json.dumps({"draftCreated": {"id": initiative.pk}})
    return response


@login_required
@require_POST
def autosave(request, pk, section):
    initiative = get_object_or_404(Initiative.objects.prefetch_related("authors"), pk=pk)
    section = entry.BY_SLUG.get(section)
    if section is None:
        raise Http404
    if not (request.user.is_superuser or request.user.has_perm("initiatives.view", initiative)):
        raise Http404
    return _autosave(request, initiative, section)


@login_required
@require_POST
def submit(request, pk):
    """Send a draft (or a returned entry) to the CĐCS; what is missing links to its section."""
    initiative = _get_editable(request, pk)
    action = "resubmit" if initiative.status == Status.RETURNED else "submit"
    try:
        initiative_move(acting_user=request.user, initiative=initiative, action=action,
                        comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        errors = {key: " ".join(problems) for key, problems in exc.message_dict.items()}
        return _overview(request, initiative, submit_errors=entry.error_links(initiative, errors), status=400)
    except (MoveRefused, StaleMove) as exc:
        messages.error(request, getattr(exc, "message", StaleMove.message))
        return redirect("initiatives:detail", pk=pk)
    return redirect("initiatives:submitted", pk=pk)


@login_required
def submitted(request, pk):
    initiative = _get_visible(request, pk)
    if initiative.status != Status.SUBMITTED:
        return redirect("initiatives:detail", pk=pk)
    return render(request, "initiatives/entry/submitted.html", {"initiative": initiative})


@login_required
@require_GET
def similar(request):
    """Initiatives with a similar title, in the same unit and elsewhere (while the title is typed)."""
    title = request.GET.get("title", "")[:500]
    exclude = request.GET.get("initiative", "")
    unit_key = request.GET.get("unit", "").strip()
    visible = selectors.initiatives_visible_to(request.user).exclude(status=Status.WITHDRAWN)
    items = similar_titles(visible, title, exclude_pk=int(exclude) if exclude.isdigit() else None, limit=8)
    prefetch_related_objects(items, "unit", "authors")
    here, elsewhere = [], []
    for item in items:
        item.full = _sees_full(request.user, item)
        same = str(item.unit_id) == unit_key or (item.unit.code == unit_key)
        (here if same else elsewhere).append(item)
    return render(request, "initiatives/_partials/similar.html",
                  {"here": here, "elsewhere": elsewhere, "title": title})


# Evidence files ------------------------------------------------------------------------------


@login_required
def attachment_download(request, pk, attachment_id):
    initiative = _get_visible(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, initiative=initiative)
    if not _sees_full(request.user, initiative):
        raise PermissionDenied(_("Tệp minh chứng của sáng kiến mật chỉ dành cho tác giả và cán bộ công đoàn "
                                 "của đơn vị."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request, pk, attachment_id):
    initiative = _get_editable(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, initiative=initiative)
    attachment_delete(acting_user=request.user, attachment=attachment)
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("initiatives:edit_section", pk=pk, section="tep-minh-chung")
