"""Writes of targets (chỉ tiêu): one unit, all children at once, or an .xlsx file."""

import math
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangkien.core.formatting import group_thousands
from sangkien.core.models import audit
from sangkien.core.tabular import (
    ImportRejected,
    RowError,
    as_dicts,
    cell_to_text,
    check_header,
    read_rows,
)
from sangkien.core.text import fold
from sangkien.orgs.models import Unit

from . import versions
from .models import Target

TARGET_HEADER = ["Mã đơn vị", "Giai đoạn", "Loại chỉ tiêu", "Giá trị"]
_KINDS = {"so": Target.Kind.ABSOLUTE, "so sang kien": Target.Kind.ABSOLUTE, "": Target.Kind.ABSOLUTE,
          "%": Target.Kind.SHARE, "ty le": Target.Kind.SHARE, "ty le %": Target.Kind.SHARE,
          "ty le % so doan vien": Target.Kind.SHARE}


def _check(acting_user, unit):
    if not acting_user.has_perm("progress.set_target", unit):
        raise PermissionDenied(_("Bạn chỉ giao chỉ tiêu cho các đơn vị cấp dưới của mình."))


def _valid_value(kind, value):
    if value is None or value < 0:
        raise ValidationError({"value": _("Giá trị chỉ tiêu phải là số không âm.")})
    if kind == Target.Kind.SHARE and value > Target.MAX_SHARE:
        raise ValidationError({"value": _("Tỷ lệ không quá 100%.")})
    if value > Target.MAX_VALUE:
        raise ValidationError({"value": _("Giá trị quá lớn.")})


def _phase_numbers(campaign):
    return {0, *campaign.phases.values_list("number", flat=True)}


def _upsert(*, acting_user, units, campaign, phase_no, kind, value):
    now = timezone.now()
    existing = {t.unit_id: t for t in Target.objects.filter(unit__in=units, campaign=campaign, phase_no=phase_no)}
    new, changed = [], []
    for unit in units:
        target = existing.get(unit.pk)
        if target is None:
            new.append(Target(unit=unit, campaign=campaign, phase_no=phase_no, kind=kind, value=value,
                              set_by=acting_user, set_at=now))
        elif (target.kind, target.value) != (kind, value):
            target.kind, target.value, target.set_by, target.set_at = kind, value, acting_user, now
            changed.append(target)
    Target.objects.bulk_create(new, batch_size=1000)
    Target.objects.bulk_update(changed, ["kind", "value", "set_by", "set_at"], batch_size=1000)
    if new or changed:
        versions.bump_all()
    return len(new), len(changed)


@transaction.atomic
def target_set(*, acting_user, unit, campaign, phase_no, kind, value):
    _check(acting_user, unit)
    _valid_value(kind, value)
    if phase_no not in _phase_numbers(campaign):
        raise ValidationError({"phase_no": _("Giai đoạn không có trong chương trình.")})
    _upsert(acting_user=acting_user, units=[unit], campaign=campaign, phase_no=phase_no, kind=kind, value=value)
    audit(actor=acting_user, action="target.set", unit=unit, phase=phase_no, kind=kind, value=value)


@transaction.atomic
def targets_set_for_children(*, acting_user, parent, campaign, phase_no, kind, value):
    """The same target for every direct child of `parent` (e.g. 30% of staff for every school)."""
    children = list(Unit.objects.subtree_of(parent, include_self=False).filter(depth=parent.depth + 1))
    if children:
        _check(acting_user, children[0])
    _valid_value(kind, value)
    created, updated = _upsert(acting_user=acting_user, units=children, campaign=campaign, phase_no=phase_no,
                               kind=kind, value=value)
    audit(actor=acting_user, action="target.set_children", unit=parent, phase=phase_no, kind=kind, value=value,
          children=len(children))
    return created, updated


# A whole number as text, Vietnamese style: "." between groups of three digits ("2.500",
# "1.000.000"), "," before decimals, which may only be zeros ("12,0"). ASCII digits only.
_WHOLE = re.compile(r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<decimals>\d+))?", re.ASCII)
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)+", re.ASCII)  # a number, just not a whole one: "2.5", "12,5"


class _NotWhole(ValueError):
    pass


def _whole_number(cell):
    """The int in a "Giá trị" cell: an Excel number or text. ValueError if there is none,
    _NotWhole for a number with a fraction (12.5, "12,5", "2.5" — never read as 125 or 25)."""
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise ValueError(cell)
        if not cell.is_integer():
            raise _NotWhole(cell)
        return int(cell)
    text = str(cell).strip()
    match = _WHOLE.fullmatch(text)
    if match is None:
        raise (_NotWhole if _DECIMAL.fullmatch(text) else ValueError)(text)
    if (match["decimals"] or "0").strip("0"):
        raise _NotWhole(text)
    return int(match["whole"].replace(".", ""))


@transaction.atomic
def targets_import(*, acting_user, campaign, source, filename, within=None):
    """All or nothing: every bad row is listed as `dòng N, cột X: …` and nothing is saved.

    `within`: the unit whose page the file was sent from; its rows may only name units below
    it, as its other target forms do (an officer over several districts uploading on one
    district's page sets targets for that district)."""
    header, rows = read_rows(source, filename, keep_numbers=True)
    errors = check_header(header, TARGET_HEADER)
    if errors:
        raise ImportRejected(errors)
    records = [(number, {column: cell if column == "Giá trị" else cell_to_text(cell) for column, cell in row.items()})
               for number, row in as_dicts(header, rows, TARGET_HEADER)]
    codes = {r["Mã đơn vị"] for _n, r in records}
    # A NUL character is in no unit's code, and PostgreSQL refuses it in a query.
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes if "\x00" not in c])}
    phases = _phase_numbers(campaign)
    seen = {}
    plan = []
    for number, row in records:
        code = row["Mã đơn vị"]
        unit = units.get(code)
        if not code:
            errors.append(RowError(number, "Mã đơn vị", _("thiếu mã đơn vị")))
        elif unit is None:
            errors.append(RowError(number, "Mã đơn vị", _("không có đơn vị mã “%(code)s”") % {"code": code}))
        elif not acting_user.has_perm("progress.set_target", unit):
            errors.append(RowError(number, "Mã đơn vị", _("đơn vị “%(code)s” không thuộc cấp dưới của bạn")
                                   % {"code": code}))
        elif within is not None and not unit.is_descendant_of(within):
            errors.append(RowError(number, "Mã đơn vị", _("đơn vị “%(code)s” không thuộc cấp dưới của %(unit)s")
                                   % {"code": code, "unit": within.name}))
        phase_text = row["Giai đoạn"]
        phase_no = (int(phase_text) if phase_text.isascii() and phase_text.isdigit()
                    else (0 if phase_text == "" else None))
        if phase_no is None or phase_no not in phases:
            errors.append(RowError(number, "Giai đoạn", _("giai đoạn phải để trống (cả chương trình) hoặc là "
                                                            "một trong: %(list)s")
                                   % {"list": ", ".join(str(p) for p in sorted(phases) if p)}))
        kind = _KINDS.get(fold(str(row["Loại chỉ tiêu"])))
        if kind is None:
            errors.append(RowError(number, "Loại chỉ tiêu", _("ghi “số” hoặc “%”")))
        value, problem = None, None
        try:
            value = _whole_number(row["Giá trị"])
        except _NotWhole:
            problem = _("chỉ tiêu phải là số nguyên, không có phần thập phân")
        except ValueError:
            problem = _("giá trị phải là số nguyên không âm")
        else:
            if value < 0:
                problem = _("giá trị phải là số nguyên không âm")
            elif value > Target.MAX_VALUE:
                problem = _("giá trị quá lớn (tối đa %(max)s)") % {"max": group_thousands(Target.MAX_VALUE)}
            elif kind == Target.Kind.SHARE and value > Target.MAX_SHARE:
                problem = _("tỷ lệ không quá 100")
        if problem:
            value = None
            errors.append(RowError(number, "Giá trị", problem))
        key = (code, phase_no)
        if code and key in seen:
            errors.append(RowError(number, "Mã đơn vị", _("trùng với dòng %(row)s") % {"row": seen[key]}))
        seen.setdefault(key, number)
        if unit is not None and kind is not None and value is not None and phase_no in phases:
            plan.append((unit, phase_no, kind, value))
    if errors:
        raise ImportRejected(errors)
    created = updated = 0
    for unit, phase_no, kind, value in plan:
        c, u = _upsert(acting_user=acting_user, units=[unit], campaign=campaign, phase_no=phase_no, kind=kind,
                       value=value)
        created, updated = created + c, updated + u
    audit(actor=acting_user, action="target.import", rows=len(plan), created=created, updated=updated)
    return created, updated
