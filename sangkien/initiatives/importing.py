"""Bulk import of initiatives from the Excel template: `initiatives_import()`.

All or nothing, like every import (sangkien.core.tabular): the whole file is read and
checked in memory against lookups fetched once (units by code, fields, the titles already
in each unit), every bad row is reported as `dòng N, cột X: …`, and only a clean file is
written, in one transaction, by `write_initiatives()`.

Imported rows do not stay drafts: the officer enters them on behalf of the authors, so
they are sent to the CĐCS at once (status "Chờ CĐCS xác nhận", a `submit` move by the
officer), or with `confirm=True` submitted and confirmed (`submit` then `confirm`) when the
officer may confirm for that CĐCS. The Transition rows are exactly what
`workflow.initiative_move` would have written, with the same permission checks
(`workflow.acting_unit_path`), but written in bulk: 20,000 moves one by one would take
minutes and send 20,000 notices. The CĐCS officers get one summary notice per import.
"""

import dataclasses
import datetime
import re
import unicodedata
from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sangkien.core.formatting import group_thousands, vn_date
from sangkien.core.models import audit
from sangkien.core.tabular import ImportRejected, RowError, as_dicts, check_header
from sangkien.core.text import fold
from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Membership, Unit
from sangkien.orgs.roles import Role

from . import search, workflow
from .fast_xlsx import read_table
from .models import (
    Author,
    Campaign,
    Field,
    Initiative,
    Notification,
    Phase,
    Scope,
    SolutionType,
    Status,
    Transition,
)
from .rules import OFFICER_ROLES, can_enter_for_unit

UNIT = "Mã CĐCS"
TITLE = "Tên sáng kiến"
AUTHORS = "Tác giả"
TYPE = "Loại giải pháp"
FIELD = "Lĩnh vực"
SITUATION = "Thực trạng"
CONTENT = "Nội dung"
EFFECT = "Hiệu quả"
BENEFIT = "Giá trị làm lợi (đồng)"
SCOPE = "Phạm vi ảnh hưởng"
FIRST_USED = "Ngày áp dụng"
RECOGNISED_BY = "Đơn vị công nhận"
DECISION_NUMBER = "Số quyết định"
DECISION_DATE = "Ngày quyết định"
# The template's columns, in order. They are the file's contract: the header row must be
# exactly these (case aside), and errors name them.
COLUMNS = (UNIT, TITLE, AUTHORS, TYPE, FIELD, SITUATION, CONTENT, EFFECT, BENEFIT, SCOPE, FIRST_USED,
           RECOGNISED_BY, DECISION_NUMBER, DECISION_DATE)
REQUIRED = (UNIT, TITLE, AUTHORS, TYPE, FIELD, CONTENT, EFFECT, FIRST_USED)

# The template's example row. Left in a file by mistake it is refused, not imported.
EXAMPLE_TITLE = "VÍ DỤ (xóa dòng này) - Dùng bảng tính theo dõi tiến bộ học tập của từng học sinh"

# An empty scope means the unit itself: every initiative has been applied in its own unit
# (the programme's first criterion), so that is the smallest true scope.
DEFAULT_SCOPE = Scope.UNIT

MAX_TITLE = Initiative._meta.get_field("title").max_length
MAX_NAME = Author._meta.get_field("full_name").max_length
MAX_RECOGNISED_BY = Initiative._meta.get_field("recognised_by").max_length
MAX_DECISION_NUMBER = Initiative._meta.get_field("decision_number").max_length
MAX_BENEFIT = 9_223_372_036_854_775_807  # BigIntegerField
BATCH = 1000
RARE_WORD = 50  # at least: a word in more titles of a unit than this does not find candidates

_AUTHOR = re.compile(r"(?P<name>.*?)\s*\(\s*(?P<share>[^()]*?)\s*%\s*\)")
_MONEY = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+")
_MONEY_UNIT = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")


def can_import(user):
    """Bulk entry is an officer's tool: an officer role anywhere, or a system admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(role in OFFICER_ROLES for role, _path in roles_of(user))


def can_confirm_anywhere(user):
    """Whether "submit and confirm at once" is worth offering: the user is a CĐCS officer somewhere."""
    return user.is_authenticated and any(role == Role.OFFICER for role, _path in roles_of(user))


def default_campaign():
    return Campaign.objects.filter(is_active=True).order_by("-eligible_from", "pk").first()


# ---- what a checked file becomes ---------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class PlannedRow:
    """One row as it will be saved."""

    number: int
    unit: Unit
    title: str
    title_folded: str
    authors: list  # [(full_name, share)]
    solution_type: str
    field: Field
    situation: str
    content: str
    effect: str
    benefit_vnd: int
    scope: str
    first_used_on: datetime.date
    phase: Phase | None
    recognised_by: str
    decision_number: str
    decision_date: datetime.date | None

    @property
    def authors_display(self):
        return "; ".join(f"{name} ({share}%)" for name, share in self.authors)

    def get_solution_type_display(self):
        return SolutionType(self.solution_type).label

    def get_scope_display(self):
        return Scope(self.scope).label


@dataclasses.dataclass(frozen=True, slots=True)
class Similar:
    """A row whose title is close to (not the same as) an entry already in its CĐCS."""

    number: int
    title: str
    unit: Unit
    other_title: str
    other_pk: int | None  # None: another row of the same file


@dataclasses.dataclass
class ImportPlan:
    campaign: Campaign
    confirm: bool
    rows: list = dataclasses.field(default_factory=list)
    similar: list = dataclasses.field(default_factory=list)
    # unit pk -> the paths of the units acting_unit_path chose for [submit, confirm]
    acting_paths: dict = dataclasses.field(default_factory=dict)
    created_ids: list = dataclasses.field(default_factory=list)

    @property
    def status(self):
        return Status.CONFIRMED if self.confirm else Status.SUBMITTED

    def get_status_display(self):
        return Status(self.status).label

    def by_unit(self):
        """[(unit, number of rows)], in the order the units first appear in the file."""
        counts = Counter(row.unit.pk for row in self.rows)
        units = {row.unit.pk: row.unit for row in self.rows}
        return [(units[pk], count) for pk, count in counts.items()]

    def summary(self):
        params = {"count": group_thousands(len(self.rows)), "units": group_thousands(len(self.by_unit())),
                  "status": self.get_status_display()}
        if self.created_ids:
            return _("Đã nhập %(count)s sáng kiến của %(units)s CĐCS, trạng thái “%(status)s”.") % params
        return _("Tệp hợp lệ: sẽ nhập %(count)s sáng kiến của %(units)s CĐCS, trạng thái “%(status)s”.") % params


# ---- the service -------------------------------------------------------------------------------


def initiatives_import(*, acting_user, source, filename, campaign=None, default_unit=None, confirm=False,
                       dry_run=False) -> ImportPlan:
    """Import the initiatives of a .xlsx/.csv file in the template's layout, all rows or none.

    `default_unit` fills an empty Mã CĐCS; `confirm` submits and confirms every row (each
    row's CĐCS must be one the user confirms for); `dry_run` checks and plans, saves nothing.
    Raises PermissionDenied (not an officer, or `default_unit` outside their reach),
    ImportRejected listing every bad row, or tabular.UnreadableFile.
    """
    if not can_import(acting_user):
        raise PermissionDenied(_("Chỉ cán bộ công đoàn mới nhập được sáng kiến từ tệp."))
    if default_unit is not None and not can_enter_for_unit(acting_user, default_unit):
        raise PermissionDenied(_("Bạn không thể nhập sáng kiến cho đơn vị “%(unit)s”.")
                               % {"unit": default_unit.code})
    campaign = campaign or default_campaign()
    if campaign is None:
        raise PermissionDenied(_("Chưa có chương trình nào đang diễn ra để nhập sáng kiến vào."))
    # Reading (the slow part for .xlsx) happens before the transaction holds the write lock.
    header, rows = read_table(source, filename)
    header = [_nfc(h) for h in header]
    errors = check_header(header, COLUMNS)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([RowError(2, "", _("tệp chưa có sáng kiến nào (sáng kiến bắt đầu từ dòng 2, "
                                                "ngay dưới dòng tiêu đề)"))])
    if dry_run:
        return _check(acting_user, campaign, default_unit, confirm, rows, similar=True)
    with transaction.atomic():
        _one_import_at_a_time()
        # The check runs inside the transaction, so the titles it compares against are the
        # ones the write will sit beside. (Likely duplicates were shown at the preview.)
        plan = _check(acting_user, campaign, default_unit, confirm, rows, similar=False)
        write_initiatives(acting_user=acting_user, plan=plan)
        audit(actor=acting_user, action="initiatives.import", message=filename, campaign=campaign.code,
              created=len(plan.created_ids), confirmed=plan.confirm,
              units=[unit.code for unit, _count in plan.by_unit()][:200])
    return plan


def _one_import_at_a_time():
    """Two imports at once could each find a title free and both write it. SQLite already
    runs one writing transaction at a time; PostgreSQL queues imports on a lock held until
    this transaction ends (other writes are not held up)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('sangkien.initiatives.import'))")


def _check(acting_user, campaign, default_unit, confirm, rows, *, similar):
    checker = _Checker(acting_user, campaign, default_unit, confirm)
    plan = checker.check(as_dicts(None, rows, COLUMNS), similar=similar)
    if checker.errors:
        raise ImportRejected(checker.errors)
    return plan


def write_initiatives(*, acting_user, plan):
    """Write a checked plan: initiatives, authors and their audit (Transition) rows, in bulk.

    The one place that writes imported initiatives, inside the caller's transaction; what
    else must follow a bulk entry is hooked here: the progress counters (in the transaction)
    and the officers' notice (after commit). Fills `plan.created_ids`.
    """
    now = timezone.now()
    moves = [_move("submit", Status.DRAFT)]
    if plan.confirm:
        moves.append(_move("confirm", Status.SUBMITTED))
    common = {
        "campaign_id": plan.campaign.pk, "status": moves[-1].target, "version": 1 + len(moves),
        "status_changed_at": now, "created_by_id": acting_user.pk, "created_at": now, "updated_at": now,
    }
    records = []
    for row in plan.rows:
        # What Initiative.refresh_search_text stores, with the same fold, computed faster.
        names = " ".join(name for name, _share in row.authors)
        records.append({
            **common, "title": row.title, "unit_id": row.unit.id, "unit_path": row.unit.path,
            "phase_id": row.phase.id if row.phase else None, "solution_type": row.solution_type, "field_id": row.field.id,
            "situation": row.situation, "content": row.content, "effect": row.effect,
            "benefit_vnd": row.benefit_vnd, "scope": row.scope, "first_used_on": row.first_used_on,
            "recognised_by": row.recognised_by, "decision_number": row.decision_number,
            "decision_date": row.decision_date, "title_folded": row.title_folded,
            "search_text": fast_fold(" ".join([row.title, names, row.content]))[:20000],
        })
    # (unit, folded title) is unique within a plan: the check refused duplicates.
    returned = _BulkInsert(Initiative).insert(records, returning=("id", "unit_id", "title_folded"))
    ids = {(unit_id, folded): pk for pk, unit_id, folded in returned}
    plan.created_ids = [ids[(row.unit.id, row.title_folded)] for row in plan.rows]

    _BulkInsert(Author).insert([
        {"initiative_id": pk, "full_name": name, "share": share, "position_in_list": position}
        for pk, row in zip(plan.created_ids, plan.rows, strict=True)
        for position, (name, share) in enumerate(row.authors)
    ])
    # One Transition per move and row, as initiative_move writes it: in the name of the unit
    # acting_unit_path chose when the row was checked. Submits first, so ids keep the order.
    unit_ids = _unit_ids_by_path({path for paths in plan.acting_paths.values() for path in paths})
    transitions = _BulkInsert(Transition)
    for index, move in enumerate(moves):
        transitions.insert([
            {"initiative_id": pk, "action": move.action, "from_status": move.source, "to_status": move.target,
             "actor_id": acting_user.pk, "unit_id": unit_ids[plan.acting_paths[row.unit.id][index]],
             "comment": "", "created_at": now}
            for pk, row in zip(plan.created_ids, plan.rows, strict=True)
        ])
    _count(plan, moves, now)
    transaction.on_commit(lambda: notify_import(acting_user=acting_user, plan=plan, when=now))
    return plan.created_ids


def _count(plan, moves, now):
    """The progress counters, as the moves would have left them: one aggregated UPSERT for the
    whole file (counters_apply sums its snapshots), and the week's submissions/confirmations
    once per CĐCS."""
    from sangkien.progress.counters import Snapshot, author_key, counters_apply, weekly_bump

    status = moves[-1].target
    counters_apply(after=[
        Snapshot(unit_path=row.unit.path, campaign_id=plan.campaign.pk, phase_no=row.phase.number if row.phase else 0,
                 status=status, benefit=row.benefit_vnd,
                 people=frozenset(author_key(None, name, None) for name, _share in row.authors))
        for row in plan.rows
    ])
    per_unit = Counter(row.unit.path for row in plan.rows)
    actions = {move.action for move in moves}
    for unit_path, count in sorted(per_unit.items()):
        weekly_bump(unit_path=unit_path, campaign_id=plan.campaign.pk, when=now,
                    submitted=count * ("submit" in actions), confirmed=count * ("confirm" in actions),
                    approved=count * ("approve" in actions))


def _memo(adapt):
    seen = {}

    def adapted(value):
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return adapted


class _BulkInsert:
    """Plain parameterized INSERTs for a model, for many rows at once.

    bulk_create compiles every value of every row through the ORM (about half the time of a
    20,000-row import); this builds the statement once from the model's own columns and adapts
    only what needs adapting. Columns a row does not give take the model field's default, so
    a field added to the model later is filled as the ORM would fill it.
    """

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        blank = model()
        self.defaults = {f.attname: getattr(blank, f.attname) for f in self.fields}
        ops = connection.ops
        simple = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
                  models.ForeignKey)
        self.adapt = {}
        for f in self.fields:
            if isinstance(f, models.DateTimeField):
                self.adapt[f.attname] = _memo(ops.adapt_datetimefield_value)  # one `now` for all rows
            elif isinstance(f, models.DateField):
                self.adapt[f.attname] = _memo(ops.adapt_datefield_value)
            elif not isinstance(f, simple):
                self.adapt[f.attname] = lambda value, f=f: f.get_db_prep_save(value, connection)

    def values(self, record):
        out = []
        for name, default in self.defaults.items():
            value = record.get(name, default)
            adapt = self.adapt.get(name)
            out.append(adapt(value) if adapt is not None and value is not None else value)
        return out

    def insert(self, records, returning=()):
        """Insert `records` (dicts by attname); with `returning`, the named columns of the new rows."""
        if not records:
            return []
        q = connection.ops.quote_name
        table = q(self.model._meta.db_table)
        columns = ", ".join(q(f.column) for f in self.fields)
        tail = (" RETURNING " + ", ".join(q(self.model._meta.get_field(n).column) for n in returning)
                if returning else "")
        # Only the model's own quoted table and column names and its column types enter the SQL
        # text; every value is a parameter.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                return self._insert_arrays(cursor, records, table, columns, tail)
            one = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
            if not returning:
                sql = f"INSERT INTO {table} ({columns}) VALUES {one}"  # noqa: S608
                for start in range(0, len(records), BATCH):
                    cursor.executemany(sql, [self.values(r) for r in records[start:start + BATCH]])
                return []
            # Multi-row INSERT … RETURNING (SQLite ≥ 3.35): the new ids come back with the
            # columns that identify each row, so nothing relies on their order.
            per_batch = max(1, min(BATCH, 30000 // len(self.fields)))
            returned = []
            for start in range(0, len(records), per_batch):
                batch = records[start:start + per_batch]
                values = ", ".join([one] * len(batch))
                sql = f"INSERT INTO {table} ({columns}) VALUES {values}{tail}"  # noqa: S608
                cursor.execute(sql, [v for r in batch for v in self.values(r)])
                returned.extend(cursor.fetchall())
            return returned

    def _insert_arrays(self, cursor, records, table, columns, tail):
        """PostgreSQL: one array per column, unnested into rows by the server.

        A statement with one placeholder per value costs psycopg more to parse (it splits
        the SQL text anew for every long statement) than the insert itself, and one statement
        per row costs a round trip each; here every batch is one short statement.
        """
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in self.fields)
        sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}){tail}"  # noqa: S608
        returned = []
        for start in range(0, len(records), 5 * BATCH):
            rows = [self.values(r) for r in records[start:start + 5 * BATCH]]
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
            if tail:
                returned.extend(cursor.fetchall())
        return returned


def _move(action, source):
    for move in workflow.MOVES:
        if move.action == action and move.source == source:
            return move
    raise LookupError(action)  # the workflow table lost a move the import relies on


def _unit_ids_by_path(paths):
    ids = {}
    paths = sorted(paths)
    for start in range(0, len(paths), 500):
        ids.update(Unit.objects.filter(path__in=paths[start:start + 500]).values_list("path", "id"))
    return ids


# ---- notices -----------------------------------------------------------------------------------


def notify_import(*, acting_user, plan, when=None):
    """One in-app notice per officer who must act next, for the whole import (not per entry).

    Submitted rows wait for the CĐCS officers (the nearest level holding an officer role);
    confirmed rows for the upper-level officers above the CĐCS. The daily digest then carries
    them by e-mail, one line each.
    """
    when = when or timezone.now()
    role = Role.UPPER_OFFICER if plan.confirm else Role.OFFICER
    counts = Counter(row.unit.path for row in plan.rows)
    names = {row.unit.path: row.unit.display_name for row in plan.rows}
    ancestors = {p[:i] for p in counts for i in range(Unit.steplen, len(p) + 1, Unit.steplen)}
    holders = defaultdict(set)  # path -> users with `role` there
    ancestors = sorted(ancestors)
    for start in range(0, len(ancestors), 500):
        for user_id, path in Membership.objects.filter(role=role, unit__path__in=ancestors[start:start + 500]) \
                .values_list("user_id", "unit__path"):
            holders[path].add(user_id)
    per_user = defaultdict(Counter)  # user -> {unit path: rows}
    for unit_path, count in counts.items():
        levels = range(len(unit_path), 0, -Unit.steplen)
        if plan.confirm:  # an upper-level officer is above the CĐCS, never at it
            levels = range(len(unit_path) - Unit.steplen, 0, -Unit.steplen)
        for length in levels:
            users = holders.get(unit_path[:length])
            if users:
                for user_id in users:
                    per_user[user_id][unit_path] += count
                break
    notes = []
    for user_id, units in sorted(per_user.items()):
        if user_id == acting_user.pk:
            continue
        params = {"actor": acting_user.full_name or acting_user.email or "", "count": group_thousands(
            sum(units.values())), "unit": names[next(iter(units))], "units": group_thousands(len(units))}
        if plan.confirm and len(units) == 1:
            message = _("%(actor)s đã nhập và xác nhận %(count)s sáng kiến của %(unit)s; "
                        "các sáng kiến đang chờ cấp trên duyệt.")
        elif plan.confirm:
            message = _("%(actor)s đã nhập và xác nhận %(count)s sáng kiến của %(units)s CĐCS; "
                        "các sáng kiến đang chờ cấp trên duyệt.")
        elif len(units) == 1:
            message = _("%(actor)s đã nhập %(count)s sáng kiến của %(unit)s; các sáng kiến đang chờ CĐCS xác nhận.")
        else:
            message = _("%(actor)s đã nhập %(count)s sáng kiến của %(units)s CĐCS; "
                        "các sáng kiến đang chờ CĐCS xác nhận.")
        notes.append(Notification(user_id=user_id, kind="import", message=(message % params)[:500],
                                  created_at=when))
    Notification.objects.bulk_create(notes)
    return len(notes)


# ---- checking ----------------------------------------------------------------------------------


class _FoldTable(dict):
    """code point -> what fold() leaves of that one character (before spacing and case)."""

    def __missing__(self, code):
        char = chr(code)
        if char in "đĐ":
            out = "d" if char == "đ" else "D"
        else:
            out = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        self[code] = out
        return out


_FOLD_TABLE = _FoldTable()
_SPACES = re.compile(r"\s+")


def fast_fold(text):
    """Exactly sangkien.core.text.fold, one table lookup per character instead of a decomposition.

    Decomposing a string is decomposing each of its characters in turn (canonical reordering
    only moves combining marks, which are all dropped), so a per-character table gives the
    same result; tests compare the two. An import folds 20,000 titles and contents.
    """
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE)).strip().lower()


def _nfc(value):
    # Files saved on a Mac often carry decomposed (NFD) Vietnamese; compare and store NFC.
    if isinstance(value, str):
        return (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
    return value


def _text(value):
    if isinstance(value, str):
        return (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return vn_date(value)  # Excel turned the text into a date; keep what the user saw
    return "" if value is None else str(value)


def _choices(choices, *extra):
    """Folded label (and short forms) -> value, from the Vietnamese labels."""
    table = {}
    with translation.override("vi"):
        for value, label in choices:
            label = str(label)
            table[fold(label)] = value
            table[fold(value.replace("_", " "))] = value
            if fold(label).startswith("giai phap "):
                table[fold(label).removeprefix("giai phap ")] = value
    for alias, value in extra:
        table[fold(alias)] = value
    return table


SOLUTION_TYPES = _choices(SolutionType.choices, ("nghiên cứu khoa học", SolutionType.RESEARCH),
                          ("đề tài", SolutionType.RESEARCH), ("ứng dụng tiến bộ kỹ thuật", SolutionType.TECH_APPLICATION))
SCOPES = _choices(Scope.choices, *((f"cấp {label}", value) for value, label in
                                   (("unit", "đơn vị"), ("district", "huyện"), ("province", "tỉnh"),
                                    ("sector", "ngành"), ("national", "toàn quốc"))),
                  ("quốc gia", Scope.NATIONAL), ("cấp quốc gia", Scope.NATIONAL))


def _labels(choices):
    with translation.override("vi"):
        return ", ".join(str(label) for _value, label in choices)


class _Checker:
    def __init__(self, user, campaign, default_unit, confirm):
        self.user = user
        self.campaign = campaign
        self.default_unit = default_unit
        self.confirm = confirm
        self.errors = []
        self.folded = {}  # short cell text -> fast_fold(text): a file repeats a few types, fields, scopes
        self.phases = list(campaign.phases.all())
        self.fields = {}
        fields = list(Field.objects.filter(is_active=True))
        short = Counter(fold(f.name.split(",")[0]) for f in fields)
        for item in fields:
            head = fold(item.name.split(",")[0])
            if short[head] == 1:  # "Giảng dạy" for "Giảng dạy, giáo dục", when no other field starts so
                self.fields.setdefault(head, item)
        for item in fields:
            self.fields[fold(item.code.replace("-", " "))] = item
            self.fields[fold(item.name)] = item
        self.field_names = ", ".join(f.name for f in fields)
        self.units = {}  # code -> Unit (or None when unknown)
        self.unit_problem = {}  # unit pk -> message when rows may not go there
        self.acting_paths = {}  # unit pk -> [submit path, confirm path]
        self.existing = defaultdict(dict)  # unit pk -> {folded title: (pk, title)}
        self.seen = {}  # (unit pk, folded title) -> row number
        self.example = fold(EXAMPLE_TITLE)

    def error(self, number, column, message):
        self.errors.append(RowError(number, column, message))

    def fold(self, text):
        folded = self.folded.get(text)
        if folded is None:
            folded = self.folded[text] = fast_fold(text)
        return folded

    def check(self, numbered, *, similar=True):
        cells = [(number, {k: _text(v) for k, v in row.items()}, row) for number, row in numbered]
        self.load_units({row[UNIT] for _n, row, _raw in cells if row[UNIT]})
        self.load_titles()
        plan = ImportPlan(campaign=self.campaign, confirm=self.confirm, acting_paths=self.acting_paths)
        for number, row, raw in cells:
            planned = self.row(number, row, raw)
            if planned is not None:
                plan.rows.append(planned)
        if similar and not self.errors:
            plan.similar = self.similar(plan.rows)
        return plan

    # -- lookups fetched once --

    def load_units(self, codes):
        codes = sorted(codes)
        found = {}
        for start in range(0, len(codes), 500):
            for unit in Unit.objects.filter(code__in=codes[start:start + 500]).select_related("kind"):
                found[unit.code] = unit
        missing = [c for c in codes if c not in found]
        if missing:  # codes typed in another case: "hb-gd-001"
            wanted = {c.upper(): c for c in missing}
            for start in range(0, len(missing), 500):
                chunk = [c.upper() for c in missing[start:start + 500]]
                for unit in Unit.objects.filter(code__in=chunk).select_related("kind"):
                    found.setdefault(wanted[unit.code.upper()], unit)
        self.units = {code: found.get(code) for code in codes}
        if self.default_unit is not None:
            self.units[""] = self.default_unit
        for unit in {u.pk: u for u in self.units.values() if u is not None}.values():
            self.unit_problem[unit.pk] = self.problem_with(unit)

    def problem_with(self, unit):
        """Why rows may not be entered for this unit (None if they may), and the acting paths."""
        if unit.kind.code != "grassroots":
            return _("“%(code)s” (%(kind)s) không phải công đoàn cơ sở") % {
                "code": unit.code, "kind": unit.kind.name}
        if not can_enter_for_unit(self.user, unit):
            return _("CĐCS “%(code)s” không thuộc phạm vi bạn quản lý") % {"code": unit.code}
        # The checks initiative_move makes for each move, on a stand-in for the new entry.
        stand_in = Initiative(unit=unit, unit_path=unit.path, created_by_id=self.user.pk)
        submit = workflow.acting_unit_path(self.user, stand_in, _move("submit", Status.DRAFT).actor)
        if submit is None:
            return _("bạn không thể gửi sáng kiến của CĐCS “%(code)s”") % {"code": unit.code}
        paths = [submit]
        if self.confirm:
            confirm = workflow.acting_unit_path(self.user, stand_in, _move("confirm", Status.SUBMITTED).actor)
            if confirm is None:
                return _("bạn không có quyền xác nhận sáng kiến của CĐCS “%(code)s”; bỏ chọn "
                         "“xác nhận luôn” để gửi các sáng kiến này cho CĐCS xác nhận") % {"code": unit.code}
            paths.append(confirm)
        self.acting_paths[unit.pk] = paths
        return None

    def load_titles(self):
        ids = sorted(pk for pk, problem in self.unit_problem.items() if problem is None)
        for start in range(0, len(ids), 500):
            # The same comparison as search.is_duplicate_title (folded title, cut to 500), in
            # one query: entries the authors withdrew do not block entering them again.
            rows = (Initiative.objects.filter(unit_id__in=ids[start:start + 500])
                    .exclude(status=Status.WITHDRAWN).values_list("unit_id", "title_folded", "pk", "title"))
            for unit_id, folded, pk, title in rows.iterator(chunk_size=5000):
                self.existing[unit_id].setdefault(folded, (pk, title))

    # -- one row --

    def row(self, number, row, raw):
        bad = len(self.errors)
        for column in REQUIRED:
            if column == UNIT and self.default_unit is not None:
                continue
            if not row[column]:
                self.error(number, column, _("không được để trống"))

        unit = None
        code = row[UNIT]
        if code or self.default_unit is not None:
            unit = self.units.get(code)
            if unit is None:
                self.error(number, UNIT, _("không có đơn vị nào mã “%(code)s”") % {"code": code})
            elif self.unit_problem[unit.pk]:
                self.error(number, UNIT, self.unit_problem[unit.pk])
                unit = None

        title = " ".join(row[TITLE].split())
        folded = fast_fold(title)[:500]
        if len(title) > MAX_TITLE:
            self.error(number, TITLE, _("dài quá %(max)s ký tự") % {"max": MAX_TITLE})
        elif folded and folded == self.example:
            self.error(number, TITLE, _("đây là dòng ví dụ của tệp mẫu; hãy xóa dòng này trước khi nhập"))
        elif folded and unit is not None:
            first = self.seen.setdefault((unit.pk, folded), number)
            if first != number:
                self.error(number, TITLE, _("trùng tên với sáng kiến ở dòng %(row)s (cùng CĐCS)") % {"row": first})
            elif folded in self.existing[unit.pk]:
                self.error(number, TITLE, _("CĐCS “%(code)s” đã có sáng kiến tên “%(title)s”") % {
                    "code": unit.code, "title": self.existing[unit.pk][folded][1]})

        authors = self.authors(number, row[AUTHORS]) if row[AUTHORS] else []
        solution_type = self.choice(number, TYPE, row[TYPE], SOLUTION_TYPES, SolutionType)
        field_obj = None
        if row[FIELD]:
            field_obj = self.fields.get(self.fold(row[FIELD]))
            if field_obj is None:
                self.error(number, FIELD, _("không có lĩnh vực “%(value)s”; chọn một trong: %(known)s") % {
                    "value": row[FIELD], "known": self.field_names})
        scope = self.choice(number, SCOPE, row[SCOPE], SCOPES, Scope) if row[SCOPE] else DEFAULT_SCOPE
        benefit = self.money(number, raw[BENEFIT])
        first_used = self.date(number, FIRST_USED, raw[FIRST_USED])
        if first_used and not (self.campaign.eligible_from <= first_used <= self.campaign.eligible_to):
            self.error(number, FIRST_USED, _(
                "ngày áp dụng phải trong thời gian của chương trình, từ %(start)s đến %(end)s"
            ) % {"start": vn_date(self.campaign.eligible_from), "end": vn_date(self.campaign.eligible_to)})
        decision_date = self.date(number, DECISION_DATE, raw[DECISION_DATE])
        for column, limit in ((RECOGNISED_BY, MAX_RECOGNISED_BY), (DECISION_NUMBER, MAX_DECISION_NUMBER)):
            if len(row[column]) > limit:
                self.error(number, column, _("dài quá %(max)s ký tự") % {"max": limit})

        if len(self.errors) != bad:
            return None
        return PlannedRow(
            number=number, unit=unit, title=title, title_folded=folded, authors=authors,
            solution_type=solution_type, field=field_obj, situation=row[SITUATION], content=row[CONTENT],
            effect=row[EFFECT], benefit_vnd=benefit, scope=scope, first_used_on=first_used,
            phase=self.phase_for(first_used), recognised_by=row[RECOGNISED_BY],
            decision_number=row[DECISION_NUMBER], decision_date=decision_date,
        )

    def phase_for(self, day):
        for phase in self.phases:  # as Campaign.phase_for, without a query per row
            if phase.starts_on <= day <= phase.ends_on:
                return phase
        return None

    def choice(self, number, column, value, table, choices):
        if not value:
            return ""
        found = table.get(self.fold(value))
        if found is None:
            self.error(number, column, _("không có “%(value)s”; chọn một trong: %(known)s") % {
                "value": value, "known": _labels(choices.choices)})
        return found

    def authors(self, number, text):
        pieces = [p.strip() for p in text.split(";") if p.strip()]
        example = _AuthorExample()
        parsed = []
        for piece in pieces:
            match = _AUTHOR.fullmatch(piece)
            if match is None:
                if "(" in piece or ")" in piece or "%" in piece:
                    self.error(number, AUTHORS, _("“%(piece)s” không đúng dạng Họ tên (NN%%); %(example)s") % {
                        "piece": piece, "example": example})
                    return []
                parsed.append((" ".join(piece.split()), None))
                continue
            name, share = " ".join(match["name"].split()), match["share"]
            if not (share.isascii() and share.isdigit()):
                self.error(number, AUTHORS, _("tỷ lệ đóng góp của “%(name)s” phải là số nguyên từ 1 đến 100 "
                                              "(đang là “%(share)s”)") % {"name": name, "share": share})
                return []
            parsed.append((name, int(share)))
        for name, share in parsed:
            if not name:
                self.error(number, AUTHORS, _("thiếu họ tên trước tỷ lệ đóng góp; %(example)s") % {
                    "example": example})
                return []
            if len(name) > MAX_NAME:
                self.error(number, AUTHORS, _("họ tên “%(name)s…” dài quá %(max)s ký tự") % {
                    "name": name[:40], "max": MAX_NAME})
                return []
            if share is not None and not 1 <= share <= 100:
                self.error(number, AUTHORS, _("tỷ lệ đóng góp của “%(name)s” phải từ 1 đến 100%% "
                                              "(đang là %(share)s%%)") % {"name": name, "share": share})
                return []
        if len(parsed) == 1 and parsed[0][1] is None:
            return [(parsed[0][0], 100)]
        missing = [name for name, share in parsed if share is None]
        if missing:
            self.error(number, AUTHORS, _("có nhiều tác giả thì ghi tỷ lệ đóng góp cho từng người (thiếu ở "
                                          "“%(name)s”); %(example)s") % {"name": missing[0], "example": example})
            return []
        total = sum(share for _name, share in parsed)
        if total != 100:
            self.error(number, AUTHORS, _("tổng tỷ lệ đóng góp phải bằng 100%% (đang là %(total)s%%)")
                       % {"total": total})
            return []
        return parsed

    def money(self, number, value):
        if isinstance(value, datetime.date):
            self.error(number, BENEFIT, _("phải là số tiền, ví dụ 1.500.000 (đang là ngày %(value)s)")
                       % {"value": _text(value)})
            return 0
        text = _MONEY_UNIT.sub("", _nfc(value or "").replace("\u00a0", " ")).strip()
        if not text:
            return 0
        negative = text.startswith("-")
        digits = text[1:].strip() if negative else text
        if not _MONEY.fullmatch(digits):
            self.error(number, BENEFIT, _("phải là số tiền nguyên đồng, ví dụ 1.500.000 hoặc 1500000 "
                                          "(đang là “%(value)s”)") % {"value": text})
            return 0
        amount = int(re.sub(r"[., ]", "", digits))
        if negative and amount:
            self.error(number, BENEFIT, _("không được âm (đang là “%(value)s”)") % {"value": text})
            return 0
        if amount > MAX_BENEFIT:
            self.error(number, BENEFIT, _("số tiền quá lớn (đang là “%(value)s”)") % {"value": text})
            return 0
        return amount

    def date(self, number, column, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _nfc(value or "")
        if not text:
            return None
        match = _DMY.fullmatch(text)
        parts = (match[3], match[2], match[1]) if match else None
        if parts is None:
            match = _ISO.fullmatch(text)
            parts = (match[1], match[2], match[3]) if match else None
        if parts is None:
            self.error(number, column, _("nhập ngày theo dạng ngày/tháng/năm, ví dụ 03/6/2022 "
                                         "(đang là “%(value)s”)") % {"value": text})
            return None
        try:
            return datetime.date(*(int(p) for p in parts))
        except ValueError:
            self.error(number, column, _("không có ngày “%(value)s”") % {"value": text})
            return None

    # -- likely duplicates (warnings, not errors) --

    def similar(self, rows):
        """Rows whose titles share most significant words with another entry of the same CĐCS.

        The same measure as search.similar_titles (the entry form's "similar initiatives"),
        computed in memory over the titles already loaded. Candidates are found through the
        rarer words of a title only: a word most titles of the unit share ("giáo dục") finds
        every title and tells nothing, and would make this quadratic.
        """
        found = []
        by_unit = defaultdict(list)
        for row in rows:
            by_unit[row.unit.pk].append(row)
        for unit_pk, unit_rows in by_unit.items():
            entries = [(pk, title, _significant(folded)) for folded, (pk, title) in self.existing[unit_pk].items()]
            offset = len(entries)
            entries += [(None, row.title, _significant(row.title_folded)) for row in unit_rows]
            index = defaultdict(list)
            for position, (_pk, _title, tokens) in enumerate(entries):
                for token in tokens:
                    index[token].append(position)
            rare = max(RARE_WORD, len(entries) // 50)
            for i, row in enumerate(unit_rows):
                me = offset + i
                mine = entries[me][2]
                if len(mine) < 2:
                    continue
                shared = Counter(p for token in mine if len(index[token]) <= rare for p in index[token] if p != me)
                best = None
                for position, _common in shared.most_common(20):
                    theirs = entries[position][2]
                    score = len(mine & theirs) / len(mine | theirs)
                    if score >= 0.5 and (best is None or score > best[0]):
                        best = (score, position)
                if best is not None:
                    pk, other_title, _tokens = entries[best[1]]
                    found.append(Similar(row.number, row.title, row.unit, other_title, pk))
        found.sort(key=lambda s: s.number)
        return found


class _AuthorExample:
    """The example in author errors, translated only when an error is written."""

    def __str__(self):
        return _("ví dụ: Nguyễn Văn An (60%); Trần Thị Bình (40%)")


_WORD = re.compile(r"[a-z0-9]+")  # as search.words reads a folded title


def _significant(folded_title):
    return frozenset(t for t in _WORD.findall(folded_title) if len(t) > 1 and t not in search._STOPWORDS)  # the list similar_titles ignores
