"""The approval workflow: one table of moves, and the one service that makes them.

A status never changes but through `initiative_move`, which checks the actor against the
table, changes the row only if nobody moved it first, and writes the Transition (audit) row
in the same transaction. Diagram and rules: docs/workflow.md.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.core.db import hot_cursor, insert
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


def initiative_move(*, acting_user, initiative, action, comment="", honour=None):
    """Make one move. Raises MoveRefused, ValidationError (missing comment) or StaleMove.

    `initiative` is the object as the actor saw it: its status and version are what the
    actor decided on. The row changes only if both are still current, so when two officers
    act at once exactly one move happens.

    Everything the move reads (the units above the entry, who must hear of it) is read
    before its transaction begins, which then only writes: on SQLite a transaction holds the
    one write lock from its first statement, and the writes of every other move wait for
    it. What was read stays true until the writes: the UPDATE changes the row only if the
    entry still has the status, version and unit path it was read with, and the units above
    a path change only when that path does (a unit moves with its whole subtree).
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

    from sangkien.progress import versions
    from sangkien.progress.counters import ancestors, counters_apply, snapshot, weekly_bump

    # The entry's unit and its ancestors, read once: the acting unit, the level unit, every
    # counter row and every dashboard version of this move are among them.
    units = ancestors(initiative.unit_path)
    ids = {path: unit_id for path, unit_id, _name in units}
    now = timezone.now()
    changes = {"status": move.target, "status_changed_at": now}
    if move.action == "approve":
        changes["level_unit_id"] = _unit_id(ids, actor_path)
    elif move.action == "nominate":
        parent_path = _level_parent_path(initiative)
        if parent_path is None:
            raise MoveRefused(_("Không có cấp trên để đề xuất tiếp."))
        changes["level_unit_id"] = _unit_id(ids, parent_path)
    elif move.action in ("return", "reject"):
        changes["level_unit_id"] = None
    if move.action == "honour":
        if honour is None or not honour.get("title"):
            raise ValidationError({"title": _("Hãy nhập hình thức khen thưởng.")})
    acting_unit_id = _unit_id(ids, actor_path)
    level_unit_id = changes.get("level_unit_id", initiative.level_unit_id)
    notices = _notices_ahead(initiative=initiative, move=move, acting_user=acting_user, comment=comment,
                             actor_path=actor_path, units=units, level_unit_id=level_unit_id)
    before = snapshot(initiative)

    with transaction.atomic():
        if _update_row(initiative, changes) != 1:
            raise StaleMove(StaleMove.message)
        transition = Transition(
            initiative=initiative, action=move.action, from_status=move.source, to_status=move.target,
            actor=acting_user, unit_id=acting_unit_id, comment=comment, created_at=now,
        )
        insert([transition])
        if move.action == "honour":
            initiative.honours.create(unit_id=acting_unit_id, **honour)
        _after_move(transition=transition, notices=notices)

        # Counters move in the same transaction: the version check above guarantees `before`
        # (status, unit, benefit, authors) is what the database held, since edits bump it
        # too. They come last: every move writes the national and province rows, and holds
        # their locks from its first counter statement until its commit, so nothing else may
        # wait in between. Tables are locked in the order every writer uses (counters,
        # author references, people, versions, weekly counters), so a move and an import or
        # a deletion never wait on each other in a cycle.
        touched = counters_apply(before=before, after=replace(before, status=move.target), ids=ids, bump=False)
        weekly = {"submitted": int(move.action == "submit"), "approved": int(move.action == "approve"),
                  "confirmed": int(move.action == "confirm")}
        # Every unit above the entry, counters changed or not: their lists show its status,
        # level unit and version (a nomination further up changes no counter but all
        # three), and the weekly rows below are theirs too. One statement for every table's
        # changes.
        versions.bump(touched | set(ids.values()))
        weekly_bump(unit_path=initiative.unit_path, campaign_id=initiative.campaign_id, when=now, ids=ids,
                    bump=False, **weekly)

    # What the UPDATE wrote, known without reading it back: the version check above
    # guarantees the row held `initiative.version` until this transaction changed it.
    initiative.status = move.target
    initiative.version += 1
    initiative.status_changed_at = now
    if "level_unit_id" in changes:
        initiative.level_unit_id = changes["level_unit_id"]
    return transition


def _update_row(initiative, changes):
    """UPDATE the entry with `changes` and one more version, only if it still holds the status,
    version and unit path the move was decided on; returns the rows changed (0 or 1). One
    prepared statement per set of columns: the ORM's update cost more to build than to run,
    on every move."""
    q = connection.ops.quote_name
    names = sorted(changes)
    fields = [Initiative._meta.get_field(n) for n in names]  # by name or column (level_unit_id)
    sql = (f"UPDATE {q(Initiative._meta.db_table)} SET "  # noqa: S608 (names from this module)
           + ", ".join(f"{q(f.column)} = %s" for f in fields)
           + f", {q('version')} = {q('version')} + 1 WHERE {q('id')} = %s AND {q('status')} = %s"
           f" AND {q('version')} = %s AND {q('unit_path')} = %s")
    params = [f.get_db_prep_save(changes[n], connection) for n, f in zip(names, fields, strict=True)]
    with hot_cursor() as cursor:
        cursor.execute(sql, [*params, initiative.pk, initiative.status, initiative.version, initiative.unit_path])
        return cursor.rowcount


def _unit_id(ids, path):
    """The id of the unit at `path`, from the ancestors already read (a query otherwise)."""
    if path in ids:
        return ids[path]
    return Unit.objects.values_list("id", flat=True).get(path=path)


def _notices_ahead(*, initiative, move, acting_user, comment, actor_path, units, level_unit_id):
    """Who hears of this move, read before it writes (notifications.notices_for), or None
    when a worker will decide after it (the database queue: servers).

    Without a worker queue (the embedded mode, whose tasks run where they are enqueued) the
    move writes its notices itself, in its transaction, from what it already holds (the
    entry, its authors, the units above it)."""
    from .notifications import MoveFacts, notices_for
    from .tasks import notify_move_task, queued_in_this_database

    if queued_in_this_database(notify_move_task):
        return None
    names = {path: name for path, _id, name in units}
    paths = {unit_id: path for path, unit_id, _name in units}
    level_path = None
    if level_unit_id:
        level_path = paths.get(level_unit_id) or Unit.objects.values_list("path", flat=True).get(pk=level_unit_id)
    authors = {a.user_id for a in initiative.authors.all() if a.user_id} | {initiative.created_by_id}
    return notices_for(MoveFacts(
        action=move.action, from_status=move.source, actor_id=acting_user.pk, comment=comment,
        initiative_id=initiative.pk, title=initiative.title, unit_path=initiative.unit_path,
        level_path=level_path, unit_name=names[actor_path], authors=frozenset(authors),
    ))


def _after_move(*, transition, notices):
    """What follows a move, inside its transaction: its notices, and e-mails to its authors.

    With the database queue (servers) a task's row is written inside the move's transaction,
    so a move and its notifications commit together or not at all, and a worker writes the
    notices and sends the e-mails: the request does not pay for them. Without it, the move
    writes the notices decided before it began, and the authors' e-mail goes once the move
    has committed.
    """
    from .notifications import write_notices
    from .tasks import mail_authors_task, notify_move_task

    if notices is None:
        notify_move_task.enqueue(transition_id=transition.pk)
        return
    mail = write_notices(notices, transition_id=transition.pk)
    if mail:
        initiative_id, comment, message, author_ids = mail
        transaction.on_commit(lambda: mail_authors_task.enqueue(
            initiative_id=initiative_id, comment=comment, message=message, author_ids=author_ids))
