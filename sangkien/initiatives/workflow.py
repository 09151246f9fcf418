"""The approval workflow: one table of moves, and the one service that makes them.

A status never changes but through `initiative_move`, which checks the actor against the
table, changes the row only if nobody moved it first, and writes the Transition (audit) row
in the same transaction. Diagram and rules: docs/workflow.md.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Unit
from sangkien.orgs.roles import Role

from .models import Initiative, Status, Transition

# Who may make a move, relative to the initiative:
AUTHOR = "author"  # whoever entered it, or an author with an account
GRASSROOTS = "grassroots"  # a grassroots officer (officer role) over its CĐCS
UPPER = "upper"  # an upper-level officer over a unit strictly above its CĐCS
LEVEL = "level"  # an upper-level officer of the very unit that holds it now (level_unit)


@dataclass(frozen=True)
class Move:
    action: str
    source: str
    target: str
    actor: str
    label: str
    needs_comment: bool = False


MOVES = (
    Move("submit", Status.DRAFT, Status.SUBMITTED, AUTHOR, _("Gửi CĐCS xác nhận")),
    Move("withdraw", Status.DRAFT, Status.WITHDRAWN, AUTHOR, _("Rút sáng kiến")),
    Move("withdraw", Status.SUBMITTED, Status.WITHDRAWN, AUTHOR, _("Rút sáng kiến")),
    Move("withdraw", Status.RETURNED, Status.WITHDRAWN, AUTHOR, _("Rút sáng kiến")),
    Move("resubmit", Status.RETURNED, Status.SUBMITTED, AUTHOR, _("Gửi lại sau khi bổ sung")),
    Move("confirm", Status.SUBMITTED, Status.CONFIRMED, GRASSROOTS, _("Xác nhận")),
    Move("return", Status.SUBMITTED, Status.RETURNED, GRASSROOTS, _("Trả lại để bổ sung"), True),
    Move("reject", Status.SUBMITTED, Status.REJECTED, GRASSROOTS, _("Không duyệt"), True),
    Move("approve", Status.CONFIRMED, Status.APPROVED, UPPER, _("Duyệt")),
    Move("return", Status.CONFIRMED, Status.RETURNED, UPPER, _("Trả lại để bổ sung"), True),
    Move("reject", Status.CONFIRMED, Status.REJECTED, UPPER, _("Không duyệt"), True),
    Move("nominate", Status.APPROVED, Status.NOMINATED, LEVEL, _("Đề xuất tiêu biểu lên cấp trên")),
    Move("nominate", Status.NOMINATED, Status.NOMINATED, LEVEL, _("Đề xuất tiếp lên cấp trên")),
    Move("honour", Status.NOMINATED, Status.HONOURED, LEVEL, _("Ghi nhận khen thưởng")),
)
ACTIONS = sorted({m.action for m in MOVES})


class MoveRefused(PermissionDenied):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


class StaleMove(Exception):
    """Someone else moved the initiative after this actor loaded it."""

    message = _("Sáng kiến này vừa được người khác xử lý. Hãy tải lại trang để xem trạng thái mới.")


def _is_author(user, initiative):
    if initiative.created_by_id == user.pk:
        return True
    # Lists prefetch the authors: read them there instead of one query per row.
    prefetched = getattr(initiative, "_prefetched_objects_cache", {}).get("authors")
    if prefetched is not None:
        return any(a.user_id == user.pk for a in prefetched)
    return initiative.authors.filter(user=user).exists()


def acting_unit_path(user, initiative, actor):
    """The path of the unit in whose name `user` may act as `actor`, or None.

    When several of the user's roles qualify, the nearest one (deepest) is used, so the
    audit row names the level that actually decided.
    """
    unit_path = initiative.unit_path
    if actor == AUTHOR:
        return unit_path if _is_author(user, initiative) else None
    if actor == GRASSROOTS:
        candidates = [p for r, p in roles_of(user) if r == Role.OFFICER and unit_path.startswith(p)]
    elif actor == UPPER:
        candidates = [p for r, p in roles_of(user)
                      if r == Role.UPPER_OFFICER and unit_path.startswith(p) and p != unit_path]
    elif actor == LEVEL:
        # Only the level that holds it now: nominations climb one level at a time, and an
        # honour is recorded by the level that gives it.
        level_path = initiative.level_unit.path if initiative.level_unit_id else None
        candidates = [p for r, p in roles_of(user) if r == Role.UPPER_OFFICER and p == level_path]
    else:
        candidates = []
    return max(candidates, key=len) if candidates else None


def _move_row(initiative, action):
    for move in MOVES:
        if move.action == action and move.source == initiative.status:
            return move
    return None


def moves_for(user, initiative):
    """The moves this user may make on this initiative now (for buttons and queues)."""
    if not user.is_authenticated:
        return []
    allowed = []
    for move in MOVES:
        if move.source != initiative.status:
            continue
        if move.action == "nominate" and not _level_parent_path(initiative):
            continue  # nothing above the top
        if acting_unit_path(user, initiative, move.actor) is not None:
            allowed.append(move)
    return allowed


def _level_parent_path(initiative):
    if not initiative.level_unit_id:
        return None
    path = initiative.level_unit.path
    return path[: -Unit.steplen] or None


@transaction.atomic
def initiative_move(*, acting_user, initiative, action, comment="", honour=None):
    """Make one move. Raises MoveRefused, ValidationError (missing comment) or StaleMove.

    `initiative` is the object as the actor saw it: its status and version are what the
    actor decided on. The row changes only if both are still current, so when two officers
    act at once exactly one move happens.
    """
    comment = (comment or "").strip()
    move = _move_row(initiative, action)
    if move is None:
        raise MoveRefused(_("Không thể thực hiện thao tác này ở trạng thái “%(status)s”.")
                          % {"status": initiative.get_status_display()})
    actor_path = acting_unit_path(acting_user, initiative, move.actor)
    if actor_path is None:
        raise MoveRefused(_("Bạn không có quyền thực hiện thao tác này với sáng kiến này."))
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Hãy ghi rõ lý do để tác giả biết cần làm gì.")})
    if move.action in ("submit", "resubmit"):
        from .services import completeness_errors

        missing = completeness_errors(initiative)
        if missing:
            raise ValidationError(missing)

    changes = {"status": move.target, "version": F("version") + 1, "status_changed_at": timezone.now()}
    if move.action == "approve":
        changes["level_unit"] = Unit.objects.get(path=actor_path)
    elif move.action == "nominate":
        parent_path = _level_parent_path(initiative)
        if parent_path is None:
            raise MoveRefused(_("Không có cấp trên để đề xuất tiếp."))
        changes["level_unit"] = Unit.objects.get(path=parent_path)
    elif move.action in ("return", "reject"):
        changes["level_unit"] = None
    if move.action == "honour":
        if honour is None or not honour.get("title"):
            raise ValidationError({"title": _("Hãy nhập hình thức khen thưởng.")})

    from sangkien.progress.counters import counters_apply, snapshot, weekly_bump

    before = snapshot(initiative)
    updated = Initiative.objects.filter(
        pk=initiative.pk, status=initiative.status, version=initiative.version
    ).update(**changes)
    if updated != 1:
        raise StaleMove(StaleMove.message)

    # Counters move in the same transaction: the version check above guarantees `before`
    # (status, unit, benefit, authors) is what the database held, since edits bump it too.
    counters_apply(before=before, after=replace(before, status=move.target))
    if move.action in ("submit", "confirm", "approve"):
        weekly_bump(unit_path=initiative.unit_path, campaign_id=initiative.campaign_id, when=changes["status_changed_at"],
                    submitted=int(move.action == "submit"), approved=int(move.action == "approve"),
                    confirmed=int(move.action == "confirm"))

    acting_unit = Unit.objects.get(path=actor_path)
    transition = Transition.objects.create(
        initiative=initiative, action=move.action, from_status=move.source, to_status=move.target,
        actor=acting_user, unit=acting_unit, comment=comment, created_at=changes["status_changed_at"],
    )
    if move.action == "honour":
        initiative.honours.create(unit=acting_unit, **honour)

    from_status = initiative.status
    initiative.refresh_from_db(fields=["status", "version", "status_changed_at", "level_unit"])
    _after_move(initiative=initiative, transition=transition, from_status=from_status)
    return transition


def _after_move(*, initiative, transition, from_status):
    """What follows a move: notifications once the transaction has committed."""
    from .notifications import notify_move

    transaction.on_commit(lambda: notify_move(transition_id=transition.pk))
