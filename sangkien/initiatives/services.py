"""Writes to initiatives. Status changes are not here: they go through workflow.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangkien.core.models import audit

from .models import Author, Initiative, Status
from .rules import can_enter_for_unit

EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

# Fields an author may set on the record; status, unit path, version are never among them.
RECORD_FIELDS = (
    "title", "campaign", "phase", "solution_type", "field", "situation", "content", "effect",
    "effect_summary", "benefit_vnd", "scope", "first_used_on", "recognised_by", "recognition_level",
    "decision_number", "decision_date", "rewards", "confidential",
)


def authors_errors(authors):
    """Errors for an author list: at least one name, shares 1–100 summing to 100."""
    if not authors:
        return [_("Cần ít nhất một tác giả.")]
    errors = []
    if any(not (a.get("full_name") or "").strip() for a in authors):
        errors.append(_("Mỗi tác giả cần có họ và tên."))
    total = sum(int(a.get("share") or 0) for a in authors)
    if total != 100:
        errors.append(_("Tổng tỷ lệ đóng góp của các tác giả phải bằng 100%% (đang là %(total)s%%).")
                      % {"total": total})
    return errors


def _set_authors(initiative, authors):
    initiative.authors.all().delete()
    rows = [
        Author(initiative=initiative, user=a.get("user"), full_name=a["full_name"].strip(),
               birth_year=a.get("birth_year") or None, position=a.get("position", ""),
               workplace=a.get("workplace", ""), share=int(a.get("share") or 0), position_in_list=i)
        for i, a in enumerate(authors)
    ]
    Author.objects.bulk_create(rows)
    return rows


@transaction.atomic
def initiative_create(*, acting_user, unit, data, authors):
    if not can_enter_for_unit(acting_user, unit):
        raise PermissionDenied(_("Bạn không thể nhập sáng kiến cho đơn vị này."))
    initiative = Initiative(unit=unit, unit_path=unit.path, created_by=acting_user, status=Status.DRAFT)
    for name in RECORD_FIELDS:
        if name in data:
            setattr(initiative, name, data[name])
    if initiative.phase_id is None and initiative.first_used_on and initiative.campaign_id:
        initiative.phase = initiative.campaign.phase_for(initiative.first_used_on)
    initiative.full_clean(exclude=["unit_path", "created_by", "search_text"])
    initiative.save()
    rows = _set_authors(initiative, authors or [])
    initiative.refresh_search_text(rows)
    initiative.save(update_fields=["search_text", "title_folded"])
    audit(actor=acting_user, action="initiative.create", unit=unit, subject=initiative)
    return initiative


def can_edit(user, initiative):
    from .workflow import AUTHOR, acting_unit_path

    return initiative.status in EDITABLE_STATUSES and acting_unit_path(user, initiative, AUTHOR) is not None


@transaction.atomic
def initiative_update(*, acting_user, initiative, data, authors=None):
    """Save the author's edits to a draft or a returned entry (also used by autosave)."""
    from sangkien.progress import versions
    from sangkien.progress.counters import counters_apply, snapshot, unit_ids

    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not can_edit(acting_user, locked):
        raise PermissionDenied(_("Chỉ tác giả hoặc người nhập được sửa sáng kiến ở trạng thái nháp hoặc "
                                 "yêu cầu bổ sung."))
    before = snapshot(locked)
    for name in RECORD_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if "unit" in data and data["unit"] != locked.unit:
        if not can_enter_for_unit(acting_user, data["unit"]):
            raise PermissionDenied(_("Bạn không thể nhập sáng kiến cho đơn vị này."))
        locked.unit = data["unit"]
        locked.unit_path = data["unit"].path
    locked.full_clean(exclude=["unit_path", "created_by", "search_text"])
    rows = _set_authors(locked, authors) if authors is not None else list(locked.authors.all())
    locked.refresh_search_text(rows)
    # An edit changes what a concurrent move saw: bump the version so that move is refused.
    locked.version += 1
    # The lists' version numbers are bumped below, after the counters: every writer locks
    # counter rows before version rows, so an edit and a move never wait on each other in a
    # cycle (progress/apps.py would bump them at the save, before the counters).
    locked.versions_bumped_by_caller = True
    locked.save()
    counters_apply(before=before, after=snapshot(locked, rows))
    if locked.status != Status.DRAFT:  # drafts are in no list
        versions.bump(unit_ids(locked.unit_path).values())
    return locked


@transaction.atomic
def initiative_delete(*, acting_user, initiative):
    """The author deletes their own draft; a system admin may delete any entry."""
    from sangkien.progress.counters import counters_apply, snapshot, weekly_bump

    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not (acting_user.is_superuser or (locked.status == Status.DRAFT and can_edit(acting_user, locked))):
        raise PermissionDenied(_("Chỉ tác giả được xóa bản nháp của mình."))
    counters_apply(before=snapshot(locked))
    moves = locked.transitions.filter(action__in=["submit", "confirm", "approve"]).values_list("action", "created_at")
    for action, when in moves:
        weekly_bump(unit_path=locked.unit_path, campaign_id=locked.campaign_id, when=when,
                    submitted=-int(action == "submit"), approved=-int(action == "approve"),
                    confirmed=-int(action == "confirm"))
    audit(actor=acting_user, action="initiative.delete", unit=locked.unit, subject=locked, title=locked.title)
    locked.delete()


def completeness_errors(initiative):
    """What is missing before an initiative can be sent to the CĐCS, as {field: message}."""
    errors = {}
    required = {
        "title": _("Nhập tên sáng kiến."),
        "solution_type": _("Chọn loại giải pháp."),
        "field_id": _("Chọn lĩnh vực."),
        "content": _("Nhập nội dung và tính mới của sáng kiến."),
        "effect": _("Nhập hiệu quả của sáng kiến."),
        "scope": _("Chọn phạm vi ảnh hưởng."),
        "first_used_on": _("Nhập ngày áp dụng lần đầu."),
    }
    for name, message in required.items():
        if not getattr(initiative, name):
            errors[name.removesuffix("_id")] = message
    author_rows = [{"full_name": a.full_name, "share": a.share} for a in initiative.authors.all()]
    problems = authors_errors(author_rows)
    if problems:
        errors["authors"] = " ".join(problems)
    try:
        initiative.clean()
    except ValidationError as exc:
        errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    return errors


def initiatives_follow_units():
    """After units moved in the tree, copy their new paths onto their initiatives and recount.

    Called by the unit import inside its transaction. Moving units is rare (a reorganisation),
    so the counters are rebuilt from the records rather than patched. Returns how many
    initiatives followed their unit.
    """
    from django.db.models import F, OuterRef, Subquery

    from sangkien.orgs.models import Unit
    from sangkien.progress.recount import rewrite

    stale = Initiative.objects.exclude(unit_path=F("unit__path"))
    moved = stale.update(unit_path=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1]))
    if moved:
        rewrite()
    return moved
