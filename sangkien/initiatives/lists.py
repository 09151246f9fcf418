"""Lists of initiatives: scope over the tree, filters, sorting, cheap pagination.

Every list starts from a scope the tree allows (`list_scope`), narrows it with the filter
form, and reads one page with a capped count, so a page costs the same few queries for
twenty entries or a million. Subtrees are read as ranges on `unit_path` (never
`__startswith`, which SQLite cannot answer from the (unit_path, status) index).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import connection
from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from sangkien.core import formatting
from sangkien.core.memo import ProcessMemo
from sangkien.orgs.access import root_paths
from sangkien.orgs.models import Unit, path_upper_bound
from sangkien.orgs.roles import Role
from sangkien.progress import versions
from sangkien.progress.models import Counter

from . import search
from .models import Author, Field, Initiative, Phase, SolutionType, Status, Transition
from .presenting import hidden_q, present
from .selectors import _within
from .workflow import moves_for

PER_PAGE = 25
# Past this many matches a list says "more than N" instead of counting them all: an exact
# count over a province or the whole country costs far more than the page itself.
COUNT_CAP = 10_000
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
# The moves a list or queue may make on several entries at once: none needs a comment.
BULK_ACTIONS = ("confirm", "approve", "nominate")


class Sort:
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    BENEFIT = "benefit"
    WAITING = "waiting"
    CHOICES = [
        (NEWEST, _("Mới nhập trước")),
        (OLDEST, _("Nhập sớm trước")),
        (TITLE, _("Theo tên (A–Z)")),
        (BENEFIT, _("Giá trị làm lợi cao trước")),
        (WAITING, _("Chờ lâu nhất trước")),
    ]


class ListFilters(forms.Form):
    """The GET form above every list. Every field is optional; invalid ones are ignored."""

    q = forms.CharField(label=_("Tìm theo tên, tác giả, nội dung"), required=False, max_length=200,
                        help_text=_("Gõ có dấu hoặc không dấu đều được."))
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả"))] + list(Status.choices))
    solution_type = forms.ChoiceField(label=_("Loại giải pháp"), required=False,
                                      choices=[("", _("Tất cả"))] + list(SolutionType.choices))
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), required=False, queryset=Field.objects.none(),
                                   empty_label=_("Tất cả"))
    phase = forms.ModelChoiceField(label=_("Giai đoạn"), required=False, queryset=Phase.objects.none(),
                                   empty_label=_("Tất cả"))
    unit = forms.CharField(label=_("Đơn vị"), required=False, max_length=64)
    date_kind = forms.ChoiceField(label=_("Lọc theo ngày"), required=False, choices=[
        ("created", _("Ngày nhập")), ("first_used", _("Ngày áp dụng lần đầu")),
    ])
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS,
                                help_text=_("Ví dụ 01/9/2021"))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS,
                              help_text=_("Ví dụ 31/5/2022"))
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=Sort.CHOICES)

    error_messages = {"invalid_date": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 03/6/2022.")}

    def __init__(self, *args, phases=None, **kwargs):
        """phases: the phase options as (id, name) when the caller has them (a list scoped to
        a unit keeps them per process: `Scope.phases`); read here otherwise."""
        super().__init__(*args, **kwargs)
        for name, rows, known in (("field", Field.objects.filter(is_active=True), None),
                                  ("phase", Phase.objects.all(), phases)):
            choice = self.fields[name]
            choice.queryset = rows  # what a chosen value is checked against (read only then)
            # The options from one plain read of two columns (their labels are their names):
            # the field's own iterator reads whole rows through .iterator(), a server-side
            # cursor on PostgreSQL (four round trips each).
            options = known if known is not None else rows.values_list("pk", "name")
            choice.choices = [("", choice.empty_label), *options]
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = self.error_messages["invalid_date"]
        self.fields["field"].error_messages["invalid_choice"] = _("Hãy chọn một lĩnh vực trong danh sách.")
        self.fields["phase"].error_messages["invalid_choice"] = _("Hãy chọn một giai đoạn trong danh sách.")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data

    def values(self):
        """The valid filters (an invalid field simply does not filter)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}

    def below_search(self):
        """The fields under "Lọc và sắp xếp" (all but the search box and the unit), each a
        dict for the template; a select carries its options as HTML built here, as Django's
        Select widget would render them (the selected one marked, aria-invalid on an error):
        its per-option templates cost ~3 ms a page for these ~35 options."""
        items = []
        for bound in self:
            if bound.name in ("q", "unit"):
                continue
            value = bound.value()
            item = {"name": bound.html_name, "id": bound.id_for_label, "label": bound.label,
                    "help_text": bound.help_text, "errors": bound.errors, "value": value, "options": None}
            if bound.name in SELECTS:
                item["options"] = options_html(bound.field.choices, "" if value is None else str(value))
            items.append(item)
        return items


# The filter fields shown as a select (the others are text boxes).
SELECTS = frozenset({"status", "solution_type", "field", "phase", "date_kind", "sort"})


def options_html(choices, selected):
    """<option> elements for (value, label) pairs, the one whose value is `selected` marked."""
    marked = False
    parts = []
    for value, label in choices:
        value = str(value)
        mark = not marked and value == selected
        marked = marked or mark
        parts.append((value, " selected" if mark else "", label))
    return format_html_join("", '<option value="{}"{}>{}</option>', parts)


# ---- scope ---------------------------------------------------------------------------

@dataclass
class Scope:
    """Where a list looks: one unit's subtree, or every subtree the user's roles reach."""

    unit: Unit | None  # None: all of the user's subtrees (or everything, for a superuser)
    paths: list  # the subtree roots actually read
    facts: "UnitFacts | None" = None  # what the unit filter offers around `unit`
    phases: list | None = None  # the phase filter's options, (id, name), when known

    def queryset(self):
        qs = Initiative.objects.all()
        if self.paths is None:
            return qs
        return qs.filter(_within(self.paths))


UNIT_CHOICES_CAP = 300  # children offered in the unit filter


@dataclass(frozen=True)
class UnitFacts:
    """A unit and the units its list offers around it, each (code, name, path)."""

    unit: Unit
    way_up: list  # its ancestors, root first
    children: list  # its direct children by name, at most UNIT_CHOICES_CAP


# The unit, the units around it and the phases change only with a save that bumps the global
# version (progress/apps.py: units, campaigns, phases; imports): each process keeps them under
# (unit id, global version) and reads only that pair per request (versions.of_code).
_UNIT_FACTS = ProcessMemo(keep=2048)
_PHASES = ProcessMemo(keep=16)


def _unit_facts(pk):
    unit = Unit.objects.select_related("kind").get(pk=pk)
    upper = path_upper_bound(unit.path)
    children = Q(path__gt=unit.path, depth=unit.depth + 1)
    if upper:
        children &= Q(path__lt=upper)
    # One read: the way up (one unit per depth, so by depth is root first), then the
    # children by name; the cap counts children only.
    wanted = Q(path__in=unit.ancestor_paths()) | children
    units = list(Unit.objects.filter(wanted).order_by("depth", "name_folded")
                 .values_list("code", "name", "path")[: unit.depth - 1 + UNIT_CHOICES_CAP])
    return UnitFacts(unit=unit, way_up=units[: unit.depth - 1], children=units[unit.depth - 1:])


def list_scope(user, unit_code=None, found=None):
    """The scope for `user`, narrowed to `unit_code` when that unit lies in it; None if not.
    `found`: what versions.of_code answered for `unit_code`, when the caller asked already."""
    tops = None if user.is_superuser else root_paths(user, frozenset(Role.values))
    if not unit_code:
        return Scope(unit=None, paths=tops)
    found = found or versions.of_code(unit_code)
    if found is None:
        return None
    pk, global_n, _unit_n = found
    facts = _UNIT_FACTS.get((pk, global_n)) or _UNIT_FACTS.put((pk, global_n), _unit_facts(pk))
    unit = facts.unit
    if tops is not None and not any(unit.path.startswith(top) for top in tops):
        return None
    phases = _PHASES.get(global_n)
    if phases is None:
        phases = _PHASES.put(global_n, list(Phase.objects.values_list("pk", "name")))
    return Scope(unit=unit, paths=[unit.path], facts=facts, phases=phases)


def scope_choices(user, scope):
    """Units offered in the unit filter, as (code, name, path): the way back up to the user's
    top units, the current unit and its direct children (capped: a national list stays
    short)."""
    tops = None if user.is_superuser else root_paths(user, frozenset(Role.values))
    current = scope.unit
    columns = ("code", "name", "path")
    if current is None:
        if tops is None:
            return list(Unit.objects.filter(depth=1).values_list(*columns))
        return list(Unit.objects.filter(path__in=tops).values_list(*columns))
    facts = scope.facts
    way_up = [u for u in facts.way_up if tops is None or any(u[2].startswith(t) for t in tops)]
    return [*way_up, (current.code, current.name, current.path), *facts.children]


def scope_options_html(user, scope):
    """The unit filter's <option> elements: "all my units" on a list without a unit, the
    current unit selected, its children marked with a dash."""
    current = scope.unit
    parts = []
    for code, name, path in scope_choices(user, scope):
        selected = " selected" if current and path == current.path else ""
        below = "— " if current and len(path) > len(current.path) else ""
        parts.append((code, selected, below, name))
    return format_html_join("", '<option value="{}"{}>{}{}</option>', parts)


# ---- filtering and sorting ------------------------------------------------------------

def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered(queryset, user, values):
    """`queryset` narrowed by the filter values, with confidentiality kept.

    A filter or sort on a field a confidential entry hides (type, field, phase, first-use
    date, content, authors, benefit) must not reveal it: such an entry only matches the
    filter when the user sees it in full, and search finds it by its title alone.
    """
    qs = queryset
    hidden = hidden_q(user)
    if values.get("status"):
        qs = qs.filter(status=values["status"])
    private = {}
    if values.get("solution_type"):
        private["solution_type"] = values["solution_type"]
    if values.get("field"):
        private["field"] = values["field"]
    if values.get("phase"):
        private["phase"] = values["phase"]
    start, end = values.get("date_from"), values.get("date_to")
    if values.get("date_kind") == "first_used":
        if start:
            private["first_used_on__gte"] = start
        if end:
            private["first_used_on__lte"] = end
    else:
        if start:
            qs = qs.filter(created_at__gte=_day_start(start))
        if end:
            qs = qs.filter(created_at__lt=_day_start(end + datetime.timedelta(days=1)))
    if private:
        qs = qs.filter(**private).exclude(hidden)
    if values.get("q"):
        # The unit filter is the list's scope (list_scope): the search index answers within it.
        qs = search.matching(qs, values["q"], unit_code=values.get("unit"))
        title_only = Q()
        for token in search.words(values["q"]):
            title_only &= Q(title_folded__contains=token)
        qs = qs.filter(~hidden | title_only)
    return sort(qs, user, values.get("sort") or Sort.NEWEST)


def sort(qs, user, key):
    if key == Sort.OLDEST:
        return qs.order_by("created_at", "pk")
    if key == Sort.TITLE:
        return qs.order_by("title_folded", "title", "pk")
    if key == Sort.BENEFIT:
        # Entries whose benefit the user may not see go last, in no telling order.
        shown = Case(When(hidden_q(user), then=Value(-1)), default=F("benefit_vnd"),
                     output_field=IntegerField())
        return qs.annotate(shown_benefit=shown).order_by("-shown_benefit", "-pk")
    if key == Sort.WAITING:
        return qs.order_by("status_changed_at", "pk")
    return qs.order_by("-created_at", "-pk")


# The long texts a row never shows: read on the entry's own page, not for 25 rows at a time.
LONG_TEXTS = ("situation", "content", "effect", "search_text")


def for_display(qs):
    """What a list row reads, in a constant number of queries per page: the entry without
    its long texts, its unit and level unit, and its authors' names and accounts (which
    decide who sees a confidential entry in full)."""
    authors = Author.objects.only("id", "initiative_id", "user_id", "full_name", "position_in_list")
    return (qs.defer(*LONG_TEXTS).select_related("unit", "level_unit")
            .prefetch_related(Prefetch("authors", queryset=authors)))


# ---- pagination -----------------------------------------------------------------------

@dataclass
class Page:
    items: list
    number: int
    per_page: int
    has_next: bool
    total: int  # exact when not `capped`
    capped: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def num_pages(self):
        return None if self.capped else max(1, -(-self.total // self.per_page))

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def end_index(self):
        return (self.number - 1) * self.per_page + len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def paginate(qs, page_number, *, per_page=PER_PAGE, cap=COUNT_CAP, by_ids=False, total=None):
    """One page and a count capped at `cap`: two queries, whatever the size of the list.

    by_ids: read the page's ids first, then their rows (one query more). The ids of a
    subtree's newest entries come from an index alone (initiative_subtree_newest) where the
    rows themselves would be fetched for all matches before the sort. Not for a search: the
    second read would evaluate the match again.
    total: the number of matches when the caller knows it (`counted_total`): no count."""
    try:
        number = max(1, int(page_number or 1))
    except (TypeError, ValueError):
        number = 1
    if total is None:
        total = qs.order_by().values("pk")[: cap + 1].count()
    capped = total > cap
    if not capped:
        number = min(number, max(1, -(-total // per_page)))
    offset = (number - 1) * per_page
    if by_ids:
        ids = list(qs.values_list("pk", flat=True)[offset: offset + per_page + 1])
        found = {row.pk: row for row in qs.order_by().filter(pk__in=ids)}
        more = len(ids) > per_page
        rows = [found[pk] for pk in ids[:per_page] if pk in found]  # one moved away in between is left out
    else:
        rows = list(qs[offset: offset + per_page + 1])
        more = len(rows) > per_page
    return Page(items=rows[:per_page], number=number, per_page=per_page, has_next=more,
                total=min(total, cap), capped=capped)


# The filters that narrow a list beyond its unit and status (sorting narrows nothing).
NARROWING = frozenset({"q", "solution_type", "field", "phase", "date_from", "date_to"})


def counted_total(scope, values):
    """How many entries a unit's list holds when only its status filter applies, from the
    progress counters (one indexed read instead of counting the subtree's entries: 2 ms on
    PostgreSQL for a province). The counters hold, for a unit and each status, the entries
    of its whole subtree, kept exact in the transaction of every write (progress.counters);
    drafts are not counted, and no list shows them. None when other filters apply."""
    if scope.unit is None or NARROWING & values.keys():
        return None
    status = values.get("status")
    if status == Status.DRAFT:
        return 0
    q = connection.ops.quote_name
    sql = (f"SELECT COALESCE(SUM({q('count')}), 0) FROM {q(Counter._meta.db_table)} "  # noqa: S608 (constant names)
           f"WHERE {q('unit_id')} = %s AND {q('status')} {'=' if status else '<>'} %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.unit.pk, status or Status.DRAFT])
        return int(cursor.fetchone()[0])


# ---- the lists ----------------------------------------------------------------------

def initiatives_list(user, scope, values):
    # Drafts are the author's own work until sent; they show in "Sáng kiến của tôi" only.
    return filtered(scope.queryset().exclude(status=Status.DRAFT), user, values)


def initiatives_mine(user):
    """Entries the user entered or is an author of, any status, latest activity first."""
    authored = Author.objects.filter(user_id=user.pk).values("initiative_id")
    last_comment = (Transition.objects.filter(initiative=OuterRef("pk")).order_by("-created_at", "-id")
                    .values("comment")[:1])
    return (Initiative.objects.filter(Q(created_by_id=user.pk) | Q(pk__in=authored))
            .annotate(last_comment=Subquery(last_comment))
            .order_by("-status_changed_at", "-pk"))


_PK_MARK = 987654321  # stands for the id in the detail address, cut out again


def present_rows(items, user, *, with_moves=False, now=None):
    """Each row as the user may see it, with days at this level and (optionally) the moves
    the user may make. Needs `for_display` rows; adds no query.

    What the row template shows is worked out here once (link, status label, authors,
    benefit): the same lookups and filters in the template cost several times as much."""
    now = now or timezone.now()
    status_labels = {value: str(label) for value, label in Status.choices}
    # One reverse() for the page: each one costs ~20 µs, as much as the rest of a row.
    url_head, _pk, url_tail = reverse("initiatives:detail", args=[_PK_MARK]).partition(str(_PK_MARK))
    rows = []
    for initiative in items:
        row = present(initiative, user)
        row.url = f"{url_head}{initiative.pk}{url_tail}"
        row.status_label = status_labels.get(initiative.status, initiative.status)
        row.unit_name = initiative.unit.name
        row.level_name = initiative.level_unit.name if initiative.level_unit_id else ""
        if row.full:
            row.author_names = ", ".join(a.full_name for a in initiative.authors.all())
            row.benefit_text = formatting.vnd(initiative.benefit_vnd)
        row.days_waiting = max(0, (now - initiative.status_changed_at).days)
        if with_moves:
            moves = [m for m in moves_for(user, initiative) if m.actor != "author"]
            row.moves = moves
            row.quick_moves = [m for m in moves if m.action in BULK_ACTIONS]
        rows.append(row)
    return rows


# What the author should expect next, by status (shown on "Sáng kiến của tôi").
NEXT_STEP = {
    Status.DRAFT: _("Hoàn thiện các mục rồi gửi CĐCS xác nhận."),
    Status.SUBMITTED: _("Đang chờ CĐCS xác nhận."),
    Status.RETURNED: _("Bổ sung theo ý kiến của công đoàn rồi gửi lại."),
    Status.WITHDRAWN: _("Đã rút, không cần làm gì thêm."),
    Status.CONFIRMED: _("CĐCS đã xác nhận, đang chờ công đoàn cấp trên duyệt."),
    Status.REJECTED: _("Không được duyệt. Xem lý do trong lịch sử xử lý."),
    Status.APPROVED: _("Đã được duyệt và được tính vào chỉ tiêu."),
    Status.NOMINATED: _("Đang được xét đề xuất tiêu biểu."),
    Status.HONOURED: _("Đã được khen thưởng."),
}
