"""Council scoring (Hội đồng chấm điểm): where a unit's scheme applies, who scores, the maths.

A unit sets a scheme for a campaign: criteria in groups, each with its maximum points, and a
pass mark. The scheme that applies to an entry is the one of the level at which the entry is
waiting to be decided (docs/workflow.md, "Chấm điểm hội đồng"):

- sent to its CĐCS (submitted): the CĐCS's own scheme;
- confirmed, waiting for approval: the scheme of the nearest unit strictly above the CĐCS
  that has one (any upper-level officer above may approve; the nearest council scores);
- nominated: the scheme of the level holding it (level_unit).

Once the entry moves on from that level (approved, returned, rejected…) scoring there
closes; the scores stay, and reopen if the entry comes back to the same level.
Writes (services) take the acting user, run in a transaction and leave an audit row.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangkien.core.models import AuditEvent, audit
from sangkien.orgs.models import Membership, Unit
from sangkien.orgs.roles import Role

from .models import (
    Author,
    CriterionScore,
    Initiative,
    ScoringAssignment,
    ScoringCriterion,
    ScoringScheme,
    Status,
)

SCORABLE = (Status.SUBMITTED, Status.CONFIRMED, Status.NOMINATED)
MAX_TOTAL = Decimal(1000)
STEP = Decimal("0.1")
CENT = Decimal("0.01")


class ScoringRefused(PermissionDenied):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


# ── Numbers ──────────────────────────────────────────────────────────────────────────────


# Digits, then a comma or a dot and more digits: what people type on a scoring sheet. No
# exponents ("1e999999" would make Decimal.quantize raise), no NaN or Infinity.
POINTS_RE = re.compile(r"[+-]?[0-9]{1,10}(?:[.,][0-9]{1,10})?")


def parse_points(text):
    """'7,5', '7.5', '30' -> Decimal; None for an empty cell; ValueError for anything else."""
    text = str(text if text is not None else "").strip().replace(" ", "")
    if not text:
        return None
    if not POINTS_RE.fullmatch(text):
        raise ValueError(text)
    return Decimal(text.replace(",", ".")) + 0  # + 0: "-0" reads as 0


def has_one_decimal_at_most(value):
    try:
        return value == value.quantize(STEP)
    except InvalidOperation:  # too many digits to be a score anyway
        return False


def points_problem(value, *, name, maximum):
    """Why `value` is not a score for the criterion `name` (0..maximum, one decimal), or None."""
    limit = points_vn(maximum)
    if value is None:
        return _("Hãy cho điểm tiêu chí “%(name)s”, từ 0 đến %(max)s.") % {"name": name, "max": limit}
    if value < 0 or value > maximum:
        return _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s.") % {"name": name, "max": limit}
    if not has_one_decimal_at_most(value):
        return _("Điểm tiêu chí “%(name)s” chỉ lấy tới một chữ số thập phân, ví dụ 7,5.") % {"name": name}
    return None


def max_points_problem(value):
    """Why `value` is not a criterion's maximum, or None (the total is checked by validate_scheme)."""
    if value is None or value <= 0:
        return _("Điểm tối đa của tiêu chí phải lớn hơn 0.")
    if not has_one_decimal_at_most(value):
        return _("Điểm tối đa chỉ lấy tới một chữ số thập phân, ví dụ 7,5.")
    return None


def pass_mark_problem(value):
    if value is None:
        return _("Hãy nhập điểm đạt, ví dụ 50.")
    if value <= 0 or not has_one_decimal_at_most(value):
        return _("Điểm đạt phải lớn hơn 0, lấy tới một chữ số thập phân.")
    return None


def points_vn(value):
    """72.50 -> '72,5'; 30 -> '30' (Vietnamese decimal comma)."""
    if value is None:
        return ""
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP).normalize()
    text = format(value, "f")
    return text.replace(".", ",")


# ── Where a scheme applies ───────────────────────────────────────────────────────────────


def _strict_ancestors(path):
    """Paths strictly above `path`, nearest first."""
    step = Unit.steplen
    return [path[:end] for end in range(len(path) - step, 0, -step)]


def level_paths(initiative):
    """The unit paths whose scheme may apply to the entry now, nearest first."""
    if initiative.status == Status.SUBMITTED:
        return [initiative.unit_path]
    if initiative.status == Status.CONFIRMED:
        return _strict_ancestors(initiative.unit_path)
    if initiative.status == Status.NOMINATED and initiative.level_unit_id:
        return [initiative.level_unit.path]
    return []


def scheme_for(initiative):
    """The scheme that applies to the entry now, or None (one query, none for closed states)."""
    paths = level_paths(initiative)
    if not paths:
        return None
    found = {s.unit.path: s for s in ScoringScheme.objects.select_related("unit", "campaign")
             .filter(campaign_id=initiative.campaign_id, unit__path__in=paths)}
    return next((found[p] for p in paths if p in found), None)


def current_assignment_q(prefix=""):
    """Q over ScoringAssignment (or a relation to it, via `prefix`): the assignment's scheme is
    the one at the level where the entry now waits. The SQL twin of `scheme_for` but for the
    rare case of two schemes above a confirmed entry, which `assignments_current` settles."""
    p = prefix
    return (
        Q(**{f"{p}initiative__status": Status.SUBMITTED, f"{p}scheme__unit_id": F(f"{p}initiative__unit_id")})
        | (Q(**{f"{p}initiative__status": Status.CONFIRMED}) & ~Q(**{f"{p}scheme__unit_id": F(f"{p}initiative__unit_id")}))
        | Q(**{f"{p}initiative__status": Status.NOMINATED,
               f"{p}scheme__unit_id": F(f"{p}initiative__level_unit_id")})
    )


def is_locked(scheme):
    """A scheme is locked once anyone has entered a score under it."""
    return scheme.pk is not None and scheme.assignments.filter(scored_at__isnull=False).exists()


def waiting_at(scheme):
    """The entries waiting to be decided at the scheme's level, i.e. those it applies to now."""
    from .selectors import _within

    unit = scheme.unit
    base = Initiative.objects.filter(campaign_id=scheme.campaign_id)
    waiting = Q(status=Status.SUBMITTED, unit_id=unit.pk)
    confirmed = Q(status=Status.CONFIRMED) & _within([unit.path]) & ~Q(unit_path=unit.path)
    # a nearer council (a scheme strictly below this unit) scores the entries under it
    nearer = ScoringScheme.objects.filter(campaign_id=scheme.campaign_id).filter(
        _within([unit.path], column="unit__path")).exclude(unit_id=unit.pk).values_list("unit__path", flat=True)
    for path in nearer:
        confirmed &= ~(_within([path]) & ~Q(unit_path=path))
    waiting |= confirmed | Q(status=Status.NOMINATED, level_unit_id=unit.pk)
    return base.filter(waiting)


def eligible_scorers(scheme):
    """Members holding the council role in the scheme's unit or above it."""
    from sangkien.accounts.models import User

    paths = [scheme.unit.path, *_strict_ancestors(scheme.unit.path)]
    ids = Membership.objects.filter(role=Role.COUNCIL, unit__path__in=paths).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("sort_name", "pk")


def holds_council_over(user, scheme):
    from sangkien.orgs.access import reaches

    return reaches(user, scheme.unit.path, {Role.COUNCIL})


# ── Services ─────────────────────────────────────────────────────────────────────────────


@dataclass
class CriterionRow:
    group: str
    name: str
    max_points: Decimal


def validate_scheme(*, pass_mark, criteria):
    """Errors as {key: message}; keys are 'pass_mark', 'criteria' or 'row-N' (N from 0)."""
    errors = {}
    if not criteria:
        errors["criteria"] = _("Hãy nhập ít nhất một tiêu chí, kèm điểm tối đa của tiêu chí đó.")
    total = Decimal(0)
    for n, row in enumerate(criteria):
        if not row.name.strip():
            errors[f"row-{n}"] = _("Hãy nhập tên tiêu chí.")
        elif problem := max_points_problem(row.max_points):
            errors[f"row-{n}"] = problem
        else:
            total += row.max_points
    if total > MAX_TOTAL:
        errors["criteria"] = _("Tổng điểm tối đa của các tiêu chí là %(total)s, vượt quá %(limit)s điểm. "
                               "Thang điểm thường dùng là 100.") % {"total": points_vn(total),
                                                                      "limit": points_vn(MAX_TOTAL)}
    if problem := pass_mark_problem(pass_mark):
        errors["pass_mark"] = problem
    elif total and pass_mark > total and "criteria" not in errors:
        errors["pass_mark"] = _("Điểm đạt (%(pass)s) không được lớn hơn tổng điểm tối đa (%(total)s).") % {
            "pass": points_vn(pass_mark), "total": points_vn(total)}
    return errors


LOCKED_MESSAGE = gettext_lazy("Đã có thành viên hội đồng chấm điểm theo cách chấm này, nên không sửa được tiêu chí và "
                   "điểm đạt nữa. Nếu cần thay đổi, hãy liên hệ quản trị hệ thống.")


@transaction.atomic
def scheme_save(*, acting_user, unit, campaign, pass_mark, criteria):
    """Creates or replaces the (unit, campaign) scheme. Raises PermissionDenied or ValidationError."""
    if not acting_user.has_perm("initiatives.manage_scoring", unit):
        raise ScoringRefused(_("Bạn không có quyền đặt cách chấm điểm cho đơn vị này."))
    for row in criteria:
        row.group = (row.group or "").strip() or _("Tiêu chí chung")
        row.name = (row.name or "").strip()
    errors = validate_scheme(pass_mark=pass_mark, criteria=criteria)
    if errors:
        raise ValidationError(errors)
    # Locks the row: a score entered at the same moment waits, then finds the new criteria
    # (or this save finds the score and refuses).
    scheme = ScoringScheme.objects.select_for_update().filter(unit=unit, campaign=campaign).first()
    if scheme is not None and is_locked(scheme):
        raise ValidationError({"criteria": LOCKED_MESSAGE})
    created = scheme is None
    if created:
        scheme = ScoringScheme(unit=unit, campaign=campaign, created_by=acting_user, pass_mark=pass_mark)
    scheme.pass_mark = pass_mark
    scheme.full_clean()
    scheme.save()
    scheme.criteria.all().delete()
    ScoringCriterion.objects.bulk_create([
        ScoringCriterion(scheme=scheme, group=row.group[:200], name=row.name[:300], max_points=row.max_points,
                         position=n)
        for n, row in enumerate(criteria)
    ])
    audit(actor=acting_user, action="scoring.scheme_create" if created else "scoring.scheme_update", unit=unit,
          subject=scheme, campaign=campaign.code, pass_mark=str(pass_mark),
          criteria=[[r.group, r.name, str(r.max_points)] for r in criteria])
    return scheme


@dataclass
class AssignResult:
    created: int = 0
    already: int = 0
    skipped: list = field(default_factory=list)  # [(initiative, reason)]


def _author_ids(initiative):
    return {initiative.created_by_id, *(a.user_id for a in initiative.authors.all() if a.user_id)}


@transaction.atomic
def scorers_assign(*, acting_user, scheme, initiatives, scorers):
    """Assigns each scorer to each entry waiting at the scheme's level; an author is never
    assigned their own entry. Returns an AssignResult; refuses people who are not eligible."""
    if not acting_user.has_perm("initiatives.manage_scoring", scheme.unit):
        raise ScoringRefused(_("Bạn không có quyền phân công chấm điểm ở đơn vị này."))
    if not scorers:
        raise ValidationError({"scorers": _("Hãy chọn ít nhất một thành viên hội đồng.")})
    eligible = set(eligible_scorers(scheme).values_list("pk", flat=True))
    if any(s.pk not in eligible for s in scorers):
        raise ValidationError({"scorers": _("Chỉ phân công được thành viên Hội đồng sáng kiến của đơn vị này "
                                            "hoặc cấp trên của đơn vị.")})
    result = AssignResult()
    waiting = set(waiting_at(scheme).filter(pk__in=[i.pk for i in initiatives]).values_list("pk", flat=True))
    existing = set(ScoringAssignment.objects.filter(scheme=scheme, initiative_id__in=waiting)
                   .values_list("initiative_id", "scorer_id"))
    authors_of = {}  # entry -> its authors' and enterer's ids, read in one query
    for initiative_id, user_id in (Author.objects.filter(initiative_id__in=waiting, user__isnull=False)
                                   .values_list("initiative_id", "user_id")):
        authors_of.setdefault(initiative_id, set()).add(user_id)
    new = []
    for initiative in initiatives:
        if initiative.pk not in waiting:
            result.skipped.append((initiative, _("Sáng kiến không còn chờ quyết định ở cấp này.")))
            continue
        authors = {initiative.created_by_id, *authors_of.get(initiative.pk, ())}
        for scorer in scorers:
            if scorer.pk in authors:
                result.skipped.append((initiative, _("%(name)s là tác giả hoặc người nhập sáng kiến này nên "
                                                     "không chấm điểm.") % {"name": scorer.full_name}))
            elif (initiative.pk, scorer.pk) in existing:
                result.already += 1
            else:
                new.append(ScoringAssignment(scheme=scheme, initiative=initiative, scorer=scorer,
                                             assigned_by=acting_user))
    # "Assign to all" at a busy level makes thousands of pairs: two statements, not two per pair.
    ScoringAssignment.objects.bulk_create(new, batch_size=500)
    actor = acting_user if acting_user.is_authenticated else None
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, action="scoring.assign", unit=scheme.unit, subject_type=a._meta.label_lower,
                   subject_id=str(a.pk), data={"initiative": a.initiative_id, "scorer": a.scorer_id})
        for a in new], batch_size=500)
    result.created = len(new)
    return result


UNASSIGN_SCORED_MESSAGE = gettext_lazy(
    "%(name)s đã chấm sáng kiến này nên không bỏ phân công được: điểm đã chấm được giữ lại và tính vào điểm "
    "trung bình mà người duyệt đang xem.")


@transaction.atomic
def scorer_unassign(*, acting_user, assignment):
    """Takes back an assignment that has not been scored yet, and audits it.

    Refused once the scorer has scored: a score already counts in the average the approver
    sees, and the council's record keeps it (docs/workflow.md, "Chấm điểm hội đồng").
    """
    assignment = (ScoringAssignment.objects.select_for_update().select_related("scheme__unit", "scorer")
                  .get(pk=assignment.pk))
    if not acting_user.has_perm("initiatives.manage_scoring", assignment.scheme.unit):
        raise ScoringRefused(_("Bạn không có quyền phân công chấm điểm ở đơn vị này."))
    if assignment.scored_at is not None:
        raise ScoringRefused(UNASSIGN_SCORED_MESSAGE % {"name": assignment.scorer.full_name})
    audit(actor=acting_user, action="scoring.unassign", unit=assignment.scheme.unit, subject=assignment,
          initiative=assignment.initiative_id, scorer=assignment.scorer_id)
    assignment.delete()


def assignments_by_entry(scheme, initiatives):
    """{initiative pk: [assignments, scorer selected]} under `scheme`, for a page, in one query."""
    out = {}
    for a in (ScoringAssignment.objects.filter(scheme=scheme, initiative_id__in=[i.pk for i in initiatives])
              .select_related("scorer").order_by("scorer__sort_name", "pk")):
        out.setdefault(a.initiative_id, []).append(a)
    return out


def refusal(user, initiative, assignment=None):
    """Why `user` may not score `initiative` now, or None. `assignment`: theirs, if known."""
    if initiative.status == Status.DRAFT:
        return _("Bản nháp chưa gửi đi nên chưa chấm điểm được.")
    if initiative.status not in SCORABLE:
        return _("Sáng kiến đã được quyết định ở cấp này (“%(status)s”), nên không chấm hay sửa điểm được nữa.") % {
            "status": initiative.get_status_display()}
    if user.pk in _author_ids(initiative):
        return _("Bạn là tác giả hoặc người nhập sáng kiến này nên không chấm điểm sáng kiến này.")
    if assignment is None:
        return _("Bạn không được phân công chấm sáng kiến này ở cấp đang xét.")
    if not holds_council_over(user, assignment.scheme):
        return _("Bạn không còn là thành viên Hội đồng sáng kiến của đơn vị này.")
    return None


def assignment_of(user, initiative, scheme=None):
    """The user's assignment under the scheme that applies now, or None."""
    scheme = scheme if scheme is not None else scheme_for(initiative)
    if scheme is None or not user.is_authenticated:
        return None
    assignment = (ScoringAssignment.objects.select_related("scheme__unit", "scheme__campaign")
                  .filter(scheme=scheme, initiative=initiative, scorer=user).first())
    return assignment


@transaction.atomic
def score_submit(*, acting_user, initiative, points, comment=""):
    """Enters or revises the user's scores. `points`: {criterion_id: Decimal or None}.

    Raises ScoringRefused (not allowed now) or ValidationError ({'c<criterion id>': message}).
    """
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    assignment = assignment_of(acting_user, initiative)
    reason = refusal(acting_user, initiative, assignment)
    if reason:
        raise ScoringRefused(reason)
    scheme = ScoringScheme.objects.select_for_update().get(pk=assignment.scheme_id)
    criteria = list(scheme.criteria.all())
    errors = {}
    for criterion in criteria:
        problem = points_problem(points.get(criterion.pk), name=criterion.name, maximum=criterion.max_points)
        if problem:
            errors[f"c{criterion.pk}"] = problem
    if errors:
        raise ValidationError(errors)
    previous = assignment.total
    total = sum((points[c.pk] for c in criteria), Decimal(0))
    CriterionScore.objects.filter(assignment=assignment).delete()
    CriterionScore.objects.bulk_create([CriterionScore(assignment=assignment, criterion=c, points=points[c.pk])
                                        for c in criteria])
    assignment.total = total
    assignment.comment = (comment or "").strip()
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["total", "comment", "scored_at"])
    audit(actor=acting_user, action="scoring.rescore" if previous is not None else "scoring.score",
          unit=scheme.unit, subject=assignment, initiative=initiative.pk, total=str(total),
          previous=str(previous) if previous is not None else None,
          points={str(c.pk): str(points[c.pk]) for c in criteria})
    return assignment


# ── What the approver sees ───────────────────────────────────────────────────────────────


def _average(total_sum, scored):
    if not scored:
        return None
    return (Decimal(total_sum) / scored).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Summary:
    scheme: ScoringScheme
    total_max: Decimal
    assigned: int
    scored: int
    average: Decimal | None
    rows: list = field(default_factory=list)  # assignments, scorer selected

    @property
    def passed(self):
        return None if self.average is None else self.average >= self.scheme.pass_mark

    @property
    def average_vn(self):
        return points_vn(self.average)

    @property
    def pass_mark_vn(self):
        return points_vn(self.scheme.pass_mark)

    @property
    def total_max_vn(self):
        return points_vn(self.total_max)


def summary_for(initiative, scheme):
    """The scores under `scheme` for one entry: each scorer's total, the average, pass or not."""
    rows = list(ScoringAssignment.objects.filter(scheme=scheme, initiative=initiative)
                .select_related("scorer").order_by("scorer__sort_name", "pk"))
    for row in rows:
        row.total_vn = points_vn(row.total)
    scored = [r for r in rows if r.scored_at is not None]
    total_max = sum((c.max_points for c in scheme.criteria.all()), Decimal(0))
    return Summary(scheme=scheme, total_max=total_max, assigned=len(rows), scored=len(scored),
                   average=_average(sum((r.total for r in scored), Decimal(0)), len(scored)), rows=rows)


@dataclass
class RowSummary:
    """One line of a list: average, how many scored out of assigned, pass or not."""

    average: Decimal | None
    scored: int
    assigned: int
    pass_mark: Decimal

    @property
    def passed(self):
        return None if self.average is None else self.average >= self.pass_mark

    @property
    def average_vn(self):
        return points_vn(self.average)


def summaries_for(initiatives):
    """{initiative pk: RowSummary} for a page of entries, in one query whatever its length."""
    ids = [i.pk for i in initiatives]
    if not ids:
        return {}
    groups = (ScoringAssignment.objects.filter(initiative_id__in=ids).filter(current_assignment_q())
              .values("initiative_id", "scheme__unit__path", "scheme__pass_mark")
              .annotate(assigned=Count("pk"), scored=Count("scored_at"), total_sum=Sum("total"))
              .order_by())
    found = {}
    for g in groups:
        known = found.get(g["initiative_id"])
        # two schemes above a confirmed entry: the nearest one applies (scheme_for)
        if known is None or len(g["scheme__unit__path"]) > len(known[0]):
            found[g["initiative_id"]] = (g["scheme__unit__path"], RowSummary(
                average=_average(g["total_sum"] or 0, g["scored"]), scored=g["scored"], assigned=g["assigned"],
                pass_mark=g["scheme__pass_mark"]))
    return {pk: summary for pk, (_path, summary) in found.items()}


def scoring_queue(user):
    """The user's assignments that may still be scored or revised: unscored first, oldest first."""
    from .presenting import full_view_q

    if not user.is_authenticated:
        return ScoringAssignment.objects.none()
    visible = Initiative.objects.filter(full_view_q(user)).values("pk")
    return (ScoringAssignment.objects.filter(scorer=user).filter(current_assignment_q())
            .filter(initiative_id__in=visible)
            .select_related("initiative__unit", "scheme__unit")
            .order_by(F("scored_at").asc(nulls_first=True), "assigned_at", "pk"))
