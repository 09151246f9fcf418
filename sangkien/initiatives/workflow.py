"""The approval workflow: one table of moves, and the one service that makes them.

A status never changes but through `initiative_move`, which checks the actor against the
table, changes the row only if nobody moved it first, and writes the Transition (audit) row
in the same transaction. Diagram and rules: docs/workflow.md.
"""

from contextlib import nullcontext
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

    if move.action == "honour" and (honour is None or not honour.get("title")):
        raise ValidationError({"title": _("Hãy nhập hình thức khen thưởng.")})
    # The level unit after the move, by path: KEEP, a path, or None (back to its CĐCS).
    level_path = KEEP
    if move.action == "approve":
        level_path = actor_path
    elif move.action == "nominate":
        level_path = _level_parent_path(initiative)
        if level_path is None:
            raise MoveRefused(_("Không có cấp trên để đề xuất tiếp."))
    elif move.action in ("return", "reject"):
        level_path = None

    from sangkien.progress.counters import ancestors, snapshot

    from .tasks import notify_move_task, queued_in_this_database

    now = timezone.now()
    before = snapshot(initiative)
    write = _Write(initiative=initiative, move=move, acting_user=acting_user, actor_path=actor_path,
                   comment=comment, honour=honour, level_path=level_path, now=now, before=before,
                   after=replace(before, status=move.target))
    queued = queued_in_this_database(notify_move_task)
    in_one_call = connection.vendor == "postgresql"
    units = None
    if not (in_one_call and queued):
        # The entry's unit and its ancestors, read once: the acting unit, the level unit, every
        # counter row, every dashboard version and the notices' names are among them. A
        # server's move on PostgreSQL needs none of them here: its database function reads them.
        units = ancestors(initiative.unit_path)
    notices = None if queued else _notices_ahead(write, units)
    if in_one_call:
        # Alone, the call commits on its own; with an honour or notices to write, together.
        with transaction.atomic() if notices is not None or move.action == "honour" else nullcontext():
            transition, level_unit_id = _write_in_one_call(write, queue=queued)
            _after_move(write, transition=transition, notices=notices)
    else:
        transition, level_unit_id = _write_statements(write, units=units, notices=notices)

    # What the UPDATE wrote, known without reading it back: the version check guarantees the
    # row held `initiative.version` until the move changed it.
    initiative.status = move.target
    initiative.version += 1
    initiative.status_changed_at = now
    initiative.level_unit_id = level_unit_id
    return transition


KEEP = object()  # the level unit stays as it is


@dataclass(frozen=True)
class _Write:
    """A move decided and checked: what it writes."""

    initiative: Initiative
    move: Move
    acting_user: object
    actor_path: str
    comment: str
    honour: dict | None
    level_path: object  # KEEP, a unit's path, or None
    now: object
    before: object  # progress.counters.Snapshot before and after the move
    after: object

    @property
    def weekly(self):
        action = self.move.action
        return {"submitted": int(action == "submit"), "approved": int(action == "approve"),
                "confirmed": int(action == "confirm")}


def _write_statements(write, *, units, notices):
    """The move's writes one statement at a time, in one transaction (SQLite, where a
    statement costs no round trip): (the audit row, the entry's level unit id after it)."""
    from sangkien.progress import versions
    from sangkien.progress.counters import counters_apply, weekly_bump

    from .tasks import notify_move_task

    initiative, move = write.initiative, write.move
    ids = {path: unit_id for path, unit_id, _name in units}
    changes = {"status": move.target, "status_changed_at": write.now}
    if write.level_path is not KEEP:
        changes["level_unit_id"] = _unit_id(ids, write.level_path) if write.level_path else None
    with transaction.atomic():
        if _update_row(initiative, changes) != 1:
            raise StaleMove(StaleMove.message)
        transition = Transition(
            initiative=initiative, action=move.action, from_status=move.source, to_status=move.target,
            actor=write.acting_user, unit_id=_unit_id(ids, write.actor_path), comment=write.comment,
            created_at=write.now,
        )
        insert([transition])
        if notices is None:
            notify_move_task.enqueue(transition_id=transition.pk)
        _after_move(write, transition=transition, notices=notices)

        # Counters move in the same transaction: the version check above guarantees `before`
        # (status, unit, benefit, authors) is what the database held, since edits bump it
        # too. They come last: every move writes the national and province rows, and holds
        # their locks from its first counter statement until its commit, so nothing else may
        # wait in between. Tables are locked in the order every writer uses (counters,
        # author references, people, versions, weekly counters), so a move and an import or
        # a deletion never wait on each other in a cycle.
        touched = counters_apply(before=write.before, after=write.after, ids=ids, bump=False)
        # Every unit above the entry, counters changed or not: their lists show its status,
        # level unit and version (a nomination further up changes no counter but all
        # three), and the weekly rows below are theirs too. One statement for every table's
        # changes.
        versions.bump(touched | set(ids.values()))
        weekly_bump(unit_path=initiative.unit_path, campaign_id=initiative.campaign_id, when=write.now, ids=ids,
                    bump=False, **write.weekly)
    return transition, changes.get("level_unit_id", initiative.level_unit_id)


def _write_in_one_call(write, *, queue):
    """The move's writes in one call of the database function `initiative_move_write`
    (initiatives migration 0012, PostgreSQL): the same rows `_write_statements` writes, in
    the same order, from the same counter rows, in one round trip instead of ten. With
    `queue`, it also writes the row that queues the move's notifications for db_worker.
    Outside a transaction the call commits on its own. Returns what `_write_statements` does."""
    from psycopg.types.json import Jsonb

    from sangkien.core.tasks import queue_row
    from sangkien.progress.counters import ancestor_paths, contributions, week_of

    from .tasks import notify_move_task

    initiative, move = write.initiative, write.move
    counts, refs = contributions(before=write.before, after=write.after)
    counters = sorted(counts.items())
    refs = sorted(refs.items())
    # A move changes the entry's status only: every reference is at the entry's own CĐCS.
    assert all(path == initiative.unit_path for (path, _c, _k), _d in refs)
    task = queue_row(notify_move_task, transition_id=None) if queue else None
    set_level = write.level_path is not KEEP
    weekly = write.weekly
    with hot_cursor() as cursor:
        cursor.execute(_CALL, [
            initiative.pk, initiative.status, initiative.version, initiative.unit_path,
            ancestor_paths(initiative.unit_path),
            move.target, write.now, set_level, write.level_path if set_level else None,
            move.action, write.acting_user.pk, write.actor_path, write.comment,
            Jsonb(task[0]) if task else None,
            [k[0] for k, _v in counters], [k[1] for k, _v in counters], [k[2] for k, _v in counters],
            [k[3] for k, _v in counters], [v[0] for _k, v in counters], [v[1] for _k, v in counters],
            [k[1] for k, _d in refs], [k[2] for k, _d in refs], [d for _k, d in refs],
            initiative.campaign_id, week_of(write.now), weekly["submitted"], weekly["approved"], weekly["confirmed"],
        ])
        transition_id, unit_id, level_unit_id = cursor.fetchone()
    if transition_id is None:
        raise StaleMove(StaleMove.message)
    if task:
        task[1](transition_id=transition_id)
    transition = Transition(
        pk=transition_id, initiative=initiative, action=move.action, from_status=move.source,
        to_status=move.target, actor=write.acting_user, unit_id=unit_id, comment=write.comment,
        created_at=write.now,
    )
    transition._state.adding, transition._state.db = False, connection.alias
    return transition, level_unit_id


_CALL = (
    "SELECT out_transition_id, out_unit_id, out_level_unit_id FROM initiative_move_write("
    "%s, %s, %s, %s, %s::text[], %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, "
    "%s::text[], %s::bigint[], %s::integer[], %s::text[], %s::integer[], %s::bigint[], "
    "%s::bigint[], %s::text[], %s::integer[], %s, %s, %s, %s, %s)"
)


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


def _notices_ahead(write, units):
    """Who hears of this move, read before it writes (notifications.notices_for), when no
    worker will decide after it.

    Without a worker queue (the embedded mode, whose tasks run where they are enqueued) the
    move writes its notices itself, in its transaction, from what it already holds (the
    entry, its authors, the units above it)."""
    from .notifications import MoveFacts, notices_for

    initiative, move = write.initiative, write.move
    names = {path: name for path, _id, name in units}
    paths = {unit_id: path for path, unit_id, _name in units}
    level_path = write.level_path
    if level_path is KEEP:
        level_unit_id = initiative.level_unit_id
        level_path = level_unit_id and (
            paths.get(level_unit_id) or Unit.objects.values_list("path", flat=True).get(pk=level_unit_id))
    authors = {a.user_id for a in initiative.authors.all() if a.user_id} | {initiative.created_by_id}
    return notices_for(MoveFacts(
        action=move.action, from_status=move.source, actor_id=write.acting_user.pk, comment=write.comment,
        initiative_id=initiative.pk, title=initiative.title, unit_path=initiative.unit_path,
        level_path=level_path or None, unit_name=names[write.actor_path], authors=frozenset(authors),
    ))


def _after_move(write, *, transition, notices):
    """What a move writes after its audit row, inside its transaction: the honour it gives,
    and, without a worker queue, its notices (the authors' e-mail goes once it has committed).

    With the database queue (servers) the move has written a task's row instead, inside its
    transaction, so a move and its notifications commit together or not at all, and a worker
    writes the notices and sends the e-mails: the request does not pay for them.
    """
    from .notifications import write_notices
    from .tasks import mail_authors_task

    if write.move.action == "honour":
        write.initiative.honours.create(unit_id=transition.unit_id, **write.honour)
    if notices is None:
        return
    mail = write_notices(notices, transition_id=transition.pk)
    if mail:
        initiative_id, comment, message, author_ids = mail
        transaction.on_commit(lambda: mail_authors_task.enqueue(
            initiative_id=initiative_id, comment=comment, message=message, author_ids=author_ids))
