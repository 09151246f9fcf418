"""Importing the union tree from a spreadsheet: `units_import()`.

The whole file is checked before anything is written, and written in one transaction.
Materialized paths are computed here in memory instead of through treebeard's add_child,
which costs several queries per unit and would take many minutes for the 150,000 units of
the national tree. What treebeard expects is kept exactly (steplen 4, alphabet 0-9A-Z, first
child step 1, depth and numchild right), so its own API keeps working on the result.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from unicodedata import normalize

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangkien.core.formatting import group_thousands
from sangkien.core.models import audit
from sangkien.core.tabular import ImportRejected, RowError, check_header, read_rows

from .bulk import insert_units, update_units
from .models import Cluster, Unit, UnitKind, fold_unit_name

COLUMNS = ("code", "parent_code", "name", "short_name", "kind", "headcount", "cluster")

STEPLEN = Unit.steplen
MAX_STEP = len(Unit.alphabet) ** STEPLEN - 1
MAX_PATH = Unit._meta.get_field("path").max_length
MAX_HEADCOUNT = 2_147_483_647  # PositiveIntegerField on every database
MAX_CODE = Unit._meta.get_field("code").max_length
MAX_NAME = Unit._meta.get_field("name").max_length
MAX_SHORT_NAME = Unit._meta.get_field("short_name").max_length
MAX_CLUSTER = Cluster._meta.get_field("name").max_length
BATCH = 2000

TREE_FIELDS = ("path", "depth", "numchild")
FULL_FIELDS = (*TREE_FIELDS, "name", "short_name", "kind", "headcount", "cluster", "name_folded", "updated_at")
INSERTED_FIELDS = (*TREE_FIELDS, "code", "name", "short_name", "kind", "headcount", "cluster", "name_folded",
                   "created_at", "updated_at")
_LOADED = ("id", "code", "path", "depth", "numchild", "name", "short_name", "kind_id", "headcount",
           "cluster_id", "name_folded")


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Units not in the file whose path or child count changed along (a moved unit's subtree).
    rearranged: int = 0
    # Units whose path changed, in the file or not: what copies of paths elsewhere must follow.
    repathed: int = 0

    def summary(self) -> str:
        return _(
            "Đã nhập %(rows)s dòng: %(created)s đơn vị mới, %(updated)s đơn vị được cập nhật, "
            "%(unchanged)s đơn vị không thay đổi."
        ) % {
            "rows": group_thousands(self.created + self.updated + self.unchanged),
            "created": group_thousands(self.created),
            "updated": group_thousands(self.updated),
            "unchanged": group_thousands(self.unchanged),
        }


@dataclass(slots=True)
class _Row:
    number: int
    code: str
    parent_code: str
    name: str
    short_name: str
    kind_id: int | None
    headcount: int
    cluster: str


def units_import(*, acting_user, source, filename, within=None) -> ImportResult:
    """Create or update units from a .csv/.xlsx file, all rows or none.

    `within`: a unit whose subtree bounds what the file may touch (the web page passes the
    unit the admin manages). Raises ImportRejected listing every bad row, or
    tabular.UnreadableFile when the file cannot be read at all.
    """
    header, rows = read_rows(source, filename)
    errors = check_header(header, COLUMNS)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic(), _bulk_write_session():
        tree_import = _TreeImport(within)
        tree_import.check(rows)
        if tree_import.errors:
            raise ImportRejected(tree_import.errors)
        result = tree_import.write()
        if result.repathed:
            # Initiatives keep a copy of their unit's path (for range reads over subtrees);
            # following it scans them all, so only when a path did change.
            from sangkien.initiatives.services import initiatives_follow_units

            initiatives_follow_units()
        if result.created or result.updated or result.rearranged:
            # Members over each subtree (for shares and targets above the grassroots level).
            from sangkien.progress.members import members_refresh

            members_refresh()
        audit(
            actor=acting_user, action="units.import", unit=within, message=filename,
            created=result.created, updated=result.updated, unchanged=result.unchanged,
            rearranged=result.rearranged,
        )
    return result


@contextmanager
def _bulk_write_session():
    """Ready the connection for one large write, inside the import's transaction."""
    if connection.vendor == "postgresql":
        # Paths are computed from a snapshot of the tree; a concurrent write (another import,
        # an add_child) could take a path about to be used. Reads stay allowed. (SQLite holds
        # the database's write lock from BEGIN IMMEDIATE already.)
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Unit._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        yield
    elif connection.vendor == "sqlite":
        # SQLite's default 2 MB page cache spills the five indexes of a national tree to disk
        # over and over: 64 MB halves the time of the inserts. Put back afterwards.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (previous,) = cursor.fetchone()
            cursor.execute("PRAGMA cache_size = -65536")
            try:
                yield
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")
    else:
        yield


def _step(number):
    key = Unit._int2str(number)
    return Unit.alphabet[0] * (STEPLEN - len(key)) + key


class _TreeImport:
    def __init__(self, within):
        self.within = within
        self.anchor = within.code if within is not None else None
        self.errors = []
        self.rows = {}  # code -> _Row, first occurrence only
        self.kinds = dict(UnitKind.objects.values_list("code", "id"))
        # Everything the file may touch, as plain dicts: model instances cost too much here.
        units = Unit.objects.all() if within is None else Unit.objects.subtree_of(within)
        self.existing = {unit["code"]: unit for unit in units.values(*_LOADED)}
        code_at_path = {unit["path"]: code for code, unit in self.existing.items()}
        # The parent's code as the database has it now (None for a root and for the anchor).
        self.current_parent = {
            code: code_at_path.get(unit["path"][:-STEPLEN]) for code, unit in self.existing.items()
        }
        self.parent_of = {}  # code -> the parent's code once the file is applied
        self.final_path = {}
        self.children = defaultdict(list)

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, message))

    # ---- checking ----------------------------------------------------------------------

    def check(self, rows):
        for number, cells in rows:
            self.parse(number, cells)
        outside = self.codes_outside()
        for row in self.rows.values():
            self.check_place(row, outside)
        self.parent_of = dict(self.current_parent)
        self.parent_of.update((code, row.parent_code or None) for code, row in self.rows.items())
        if self.anchor is not None:
            self.parent_of[self.anchor] = None  # fixed: its parent is outside the scope
        self.find_cycles()
        if not self.errors:
            self.place()

    def parse(self, number, cells):
        if len(cells) < len(COLUMNS):
            cells = cells + [""] * (len(COLUMNS) - len(cells))
        # NFC: files saved on a Mac often carry decomposed Vietnamese, and codes must compare
        # equal. Excel dates arrive as dates; as text they are a wrong value for any column.
        code, parent_code, name, short_name, kind, headcount, cluster = [
            normalize("NFC", value) if value.__class__ is str else str(value) for value in cells[: len(COLUMNS)]
        ]
        if not code:
            self.error(number, "code", _("mã đơn vị không được để trống"))
        elif len(code) > MAX_CODE:
            self.error(number, "code", _("mã đơn vị dài quá %(max)s ký tự") % {"max": MAX_CODE})
        elif "/" in code:
            # It could not be addressed: the unit's page is /don-vi/<code>/.
            self.error(number, "code", _("mã đơn vị không được chứa dấu “/”"))
        elif code in self.rows:
            self.error(number, "code", _("mã “%(code)s” đã có ở dòng %(first)s") % {
                "code": code, "first": self.rows[code].number,
            })
        if not name:
            self.error(number, "name", _("tên đơn vị không được để trống"))
        elif len(name) > MAX_NAME:
            self.error(number, "name", _("tên đơn vị dài quá %(max)s ký tự") % {"max": MAX_NAME})
        if len(short_name) > MAX_SHORT_NAME:
            self.error(number, "short_name", _("tên viết tắt dài quá %(max)s ký tự") % {
                "max": MAX_SHORT_NAME,
            })
        kind_id = self.kinds.get(kind.lower())
        if kind_id is None:
            known = ", ".join(self.kinds)
            if kind:
                message = _("loại đơn vị “%(kind)s” không có; dùng một trong các mã: %(known)s") % {
                    "kind": kind, "known": known,
                }
            else:
                message = _("loại đơn vị không được để trống; dùng một trong các mã: %(known)s") % {
                    "known": known,
                }
            self.error(number, "kind", message)
        if headcount.isdigit() and headcount.isascii() and int(headcount) <= MAX_HEADCOUNT:
            headcount = int(headcount)
        elif headcount == "":
            headcount = 0
        else:
            self.error(number, "headcount", self.headcount_message(headcount))
            headcount = 0
        cluster = " ".join(cluster.split())
        if len(cluster) > MAX_CLUSTER:
            self.error(number, "cluster", _("tên cụm/khối thi đua dài quá %(max)s ký tự") % {
                "max": MAX_CLUSTER,
            })
        if code and code not in self.rows:
            self.rows[code] = _Row(number, code, parent_code, name, short_name, kind_id, headcount, cluster)

    @staticmethod
    def headcount_message(value):
        digits = value[1:] if value.startswith("-") else value
        if digits.isascii() and digits.isdigit():
            if value.startswith("-"):
                message = _("số đoàn viên không được âm (đang là “%(value)s”)")
            else:
                message = _("số đoàn viên quá lớn (đang là “%(value)s”)")
        else:
            message = _("số đoàn viên phải là số nguyên, viết liền không có dấu chấm, ví dụ 1234 "
                        "(đang là “%(value)s”)")
        return message % {"value": value}

    def codes_outside(self):
        """Codes named in the file that exist in the system but outside `within`."""
        if self.within is None:
            return set()
        named = {row.code for row in self.rows.values()} | {r.parent_code for r in self.rows.values()}
        unknown = sorted(code for code in named if code and code not in self.existing)
        outside = set()
        for start in range(0, len(unknown), 500):
            outside.update(Unit.objects.filter(code__in=unknown[start:start + 500])
                           .values_list("code", flat=True))
        return outside

    def check_place(self, row, outside):
        scope = self.within.name if self.within is not None else ""
        if row.code in outside:
            self.error(row.number, "code", _(
                "đơn vị “%(code)s” không thuộc phạm vi “%(scope)s” nên không được sửa ở đây"
            ) % {"code": row.code, "scope": scope})
            return
        if row.code == self.anchor:
            current = self.current_parent_of_anchor()
            if row.parent_code != current:
                self.error(row.number, "parent_code", _(
                    "không được đổi đơn vị cấp trên của “%(code)s”, đơn vị bạn đang quản trị "
                    "(phải là “%(parent)s”)"
                ) % {"code": row.code, "parent": current})
            return
        parent = row.parent_code
        if not parent:
            if self.within is not None:
                self.error(row.number, "parent_code", _(
                    "cần mã đơn vị cấp trên thuộc phạm vi “%(scope)s”"
                ) % {"scope": scope})
        elif parent in outside:
            self.error(row.number, "parent_code", _(
                "đơn vị cấp trên “%(code)s” không thuộc phạm vi “%(scope)s”"
            ) % {"code": parent, "scope": scope})
        elif parent not in self.rows and parent not in self.existing:
            self.error(row.number, "parent_code", _(
                "không có đơn vị cấp trên mã “%(code)s”, cả trong tệp lẫn trong hệ thống"
            ) % {"code": parent})

    def current_parent_of_anchor(self):
        if self.within.depth == 1:
            return ""
        return Unit.objects.filter(path=self.within.path[:-STEPLEN]).values_list("code", flat=True).get()

    def find_cycles(self):
        """Rows whose chain of parents comes back to them, through the file or the database."""
        parent_of, done, on_chain = self.parent_of, set(), {}
        for start in self.rows:
            chain, code = [], start
            while code is not None and code not in done and code not in on_chain:
                if code not in parent_of:
                    break  # an unknown parent, reported already
                on_chain[code] = len(chain)
                chain.append(code)
                code = parent_of[code]
            if code is not None and code in on_chain:
                cycle = chain[on_chain[code]:]
                shown = [*cycle, cycle[0]] if len(cycle) <= 8 else [*cycle[:8], "…", cycle[0]]
                message = _("đơn vị cấp trên tạo thành vòng lặp: %(chain)s") % {"chain": " → ".join(shown)}
                for member in cycle:
                    if member in self.rows:
                        self.error(self.rows[member].number, "parent_code", message)
            done.update(chain)
            on_chain.clear()

    # ---- placing ------------------------------------------------------------------------

    def place(self):
        """Each unit's final path: kept where its parent stays, fresh where it moves or is new.

        A fresh step goes after the largest step now used under the parent, so no path ever
        takes one still held by another row while the updates run (PostgreSQL checks the
        unique index row by row).
        """
        children = self.children
        for code, parent in self.parent_of.items():  # units in the database first, in path order
            children[parent].append(code)
        largest = {}  # a parent's current path ("" for the roots) -> largest step used under it
        for unit in self.existing.values():
            path = unit["path"]
            parent_path, step = path[:-STEPLEN], path[-STEPLEN:]
            if step > largest.get(parent_path, ""):
                largest[parent_path] = step
        existing, rows, current_parent = self.existing, self.rows, self.current_parent
        stack = [(None, "", 0)]
        while stack:
            parent, parent_path, blamed = stack.pop()
            if parent is None:
                current = "" if self.within is None else None
            else:
                current = existing[parent]["path"] if parent in existing else None
            next_step = Unit._str2int(largest[current]) + 1 if current in largest else 1
            for child in children.get(parent, ()):
                # Errors below go to the nearest row of the file: the unit's own, or the
                # row that moved one of its ancestors.
                child_blamed = rows[child].number if child in rows else blamed
                if child == self.anchor:
                    path = self.within.path
                elif child in existing and current_parent[child] == parent:
                    path = parent_path + existing[child]["path"][-STEPLEN:]
                else:
                    if next_step > MAX_STEP:
                        self.error(child_blamed, "parent_code", _(
                            "đơn vị cấp trên “%(code)s” đã đủ số đơn vị con tối đa"
                        ) % {"code": parent})
                        return
                    path = parent_path + _step(next_step)
                    next_step += 1
                if len(path) > MAX_PATH:
                    self.error(child_blamed, "parent_code", _("cây đơn vị sâu quá %(max)s cấp") % {
                        "max": MAX_PATH // STEPLEN,
                    })
                    return
                self.final_path[child] = path
                if child in children:
                    stack.append((child, path, child_blamed))

    # ---- writing ------------------------------------------------------------------------

    def cluster_ids(self):
        names = {row.cluster for row in self.rows.values() if row.cluster}
        ids = dict(Cluster.objects.filter(name__in=names).values_list("name", "id")) if names else {}
        new = sorted(names - ids.keys())
        if new:
            Cluster.objects.bulk_create([Cluster(name=name) for name in new], batch_size=BATCH)
            ids.update(Cluster.objects.filter(name__in=new).values_list("name", "id"))
        return ids

    def write(self) -> ImportResult:
        clusters = self.cluster_ids()
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        inserts, tree_updates, full_updates = [], [], []
        updated = unchanged = rearranged = repathed = 0
        children, rows, existing = self.children, self.rows, self.existing
        for code, path in self.final_path.items():
            depth, numchild = len(path) // STEPLEN, len(children.get(code, ()))
            row, old = rows.get(code), existing.get(code)
            path_changed = old is not None and old["path"] != path
            repathed += path_changed
            tree_changed = path_changed or (old is not None and old["numchild"] != numchild)
            if row is None:
                if tree_changed:
                    tree_updates.append((path, depth, numchild, old["id"]))
                    rearranged += 1
                continue
            cluster_id = clusters.get(row.cluster)
            if old is None:
                inserts.append((
                    path, depth, numchild, code, row.name, row.short_name, row.kind_id, row.headcount,
                    cluster_id, fold_unit_name(row.name, row.short_name), now, now,
                ))
                continue
            data_changed = (
                old["name"] != row.name or old["short_name"] != row.short_name
                or old["kind_id"] != row.kind_id or old["headcount"] != row.headcount
                or old["cluster_id"] != cluster_id
            )
            moved = code != self.anchor and (self.current_parent[code] or "") != row.parent_code
            folded = fold_unit_name(row.name, row.short_name) if data_changed else old["name_folded"]
            if data_changed or moved:
                full_updates.append((
                    path, depth, numchild, row.name, row.short_name, row.kind_id, row.headcount,
                    cluster_id, folded, now, old["id"],
                ))
                updated += 1
            else:
                if tree_changed:
                    tree_updates.append((path, depth, numchild, old["id"]))
                unchanged += 1
        update_units(FULL_FIELDS, full_updates)
        update_units(TREE_FIELDS, tree_updates)
        inserts.sort()  # in path order the path index grows at its end, as a tree is read
        insert_units(INSERTED_FIELDS, inserts)
        return ImportResult(created=len(inserts), updated=updated, unchanged=unchanged,
                            rearranged=rearranged, repathed=repathed)
