"""Importing people and their roles from a .csv or .xlsx list (`import_members`, members page).

All or nothing: every row is checked first; one bad row and nothing is saved. A person may
appear on several rows (one per role); rows are tied to one person by e-mail or phone, in the
file and among existing accounts. New people are invited (e-mail on commit), never given a
password.
"""

import unicodedata
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangkien.core.models import AuditEvent, audit
from sangkien.core.tabular import ImportRejected, RowError, as_dicts, check_header, read_rows
from sangkien.core.text import name_sort_key
from sangkien.orgs.models import Membership, Unit
from sangkien.orgs.roles import Role

from . import emails
from .models import User
from .phones import InvalidPhone, normalize_phone
from .selectors import grantable_roles

COLUMNS = ["full_name", "email", "phone", "unit_code", "role"]
_CHUNK = 500  # stays under SQLite's limit on query parameters


@dataclass
class ImportSummary:
    rows: int = 0
    people_created: int = 0
    people_invited: int = 0  # the new people with an e-mail address
    roles_granted: int = 0
    roles_already_held: int = 0


@dataclass
class _Person:
    first_row: int
    full_name: str
    email: str = ""
    phone: str = ""
    user: User | None = None
    keys: set = field(default_factory=set)


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _text(value):
    return unicodedata.normalize("NFC", " ".join(str(value or "").split()))


def members_import(*, acting_user, source, filename) -> ImportSummary:
    """Reads, checks and saves the file. Raises ImportRejected (every bad row) or
    UnreadableFile; `acting_user` None means the system itself (the command without --as)."""
    header, rows = read_rows(source, filename)
    errors = check_header(header, COLUMNS)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([RowError(2, "", _("tệp không có dòng dữ liệu nào"))])
    records = as_dicts(header, rows, COLUMNS)
    plan = _check(records, acting_user)
    return _save(plan, acting_user, filename)


def _check(records, acting_user):
    errors = []

    def bad(row, column, message):
        errors.append(RowError(row, column, message))

    parsed = []
    for number, raw in records:
        row = {"number": number, "full_name": _text(raw["full_name"]), "email": _text(raw["email"]).lower(),
               "unit_code": _text(raw["unit_code"]), "role": _text(raw["role"]).lower(), "phone": ""}
        ok = True
        if not row["full_name"]:
            bad(number, "full_name", _("thiếu họ và tên"))
            ok = False
        elif len(row["full_name"]) > 200:
            bad(number, "full_name", _("họ và tên dài quá 200 ký tự"))
            ok = False
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                bad(number, "email", _("thư điện tử “%(value)s” không đúng dạng") % {"value": row["email"]})
                ok = False
        phone_text = _text(raw["phone"])
        if phone_text:
            try:
                row["phone"] = normalize_phone(phone_text)
            except InvalidPhone:
                bad(number, "phone", _("số điện thoại “%(value)s” không hợp lệ") % {"value": phone_text})
                ok = False
        if not row["email"] and not phone_text:
            bad(number, "email", _("cần có thư điện tử hoặc số điện thoại"))
            ok = False
        if not row["unit_code"]:
            bad(number, "unit_code", _("thiếu mã đơn vị"))
        if row["role"] not in Role.values:
            bad(number, "role", _("vai trò “%(value)s” không hợp lệ; chỉ dùng: %(choices)s") % {
                "value": row["role"], "choices": ", ".join(Role.values)})
        row["identity_ok"] = ok
        parsed.append(row)

    units = {}
    for codes in _chunks({r["unit_code"] for r in parsed if r["unit_code"]}):
        units.update({u.code: u for u in Unit.objects.filter(code__in=codes)})
    by_email, by_phone = {}, {}
    for emails_ in _chunks({r["email"] for r in parsed if r["email"]}):
        by_email.update({u.email: u for u in User.objects.filter(email__in=emails_)})
    for phones in _chunks({r["phone"] for r in parsed if r["phone"]}):
        by_phone.update({u.phone: u for u in User.objects.filter(phone__in=phones)})

    allowed = {}  # unit pk -> roles the acting user may grant there

    def grantable(unit):
        if unit.pk not in allowed:
            may_invite = acting_user.has_perm("accounts.invite_user", unit)
            allowed[unit.pk] = set(grantable_roles(acting_user, unit)) if may_invite else set()
        return allowed[unit.pk]

    people, key_owner, seen = [], {}, {}
    for row in parsed:
        number = row["number"]
        unit = units.get(row["unit_code"])
        if row["unit_code"] and unit is None:
            bad(number, "unit_code", _("không có đơn vị nào mã “%(code)s”") % {"code": row["unit_code"]})
        elif unit is not None and acting_user is not None and row["role"] in Role.values:
            roles = grantable(unit)
            if not roles:
                bad(number, "unit_code", _("bạn không có quyền mời người dùng vào đơn vị “%(code)s”") % {
                    "code": unit.code})
            elif row["role"] not in roles:
                bad(number, "role", _("bạn không được cấp vai trò “%(role)s” (cao hơn vai trò của bạn)") % {
                    "role": row["role"]})
        if not row["identity_ok"]:
            continue

        user_e, user_p = by_email.get(row["email"]), by_phone.get(row["phone"])
        if user_e and user_p and user_e.pk != user_p.pk:
            bad(number, "phone", _("thư điện tử thuộc về một người dùng đã có, còn số điện thoại "
                                   "thuộc về người dùng khác"))
            continue
        user = user_e or user_p
        if user is not None and not user.is_active:
            bad(number, "email" if user_e else "phone", _("tài khoản của người này đã ngừng hoạt động"))
            continue
        keys = {k for k in (("e", row["email"]), ("p", row["phone"])) if k[1]}
        if user is not None:
            keys.add(("u", user.pk))
        owners = {key_owner[k] for k in keys if k in key_owner}
        if len(owners) > 1:
            first, second = sorted(people[i].first_row for i in owners)[:2]
            bad(number, "phone", _("thư điện tử và số điện thoại ở dòng này thuộc về hai người khác nhau "
                                   "(dòng %(first)s và dòng %(second)s)") % {"first": first, "second": second})
            continue
        if owners:
            index = owners.pop()
            person = people[index]
            if person.full_name != row["full_name"]:
                bad(number, "full_name", _("cùng một người với dòng %(row)s nhưng họ và tên khác "
                                           "(“%(name)s”)") % {"row": person.first_row, "name": person.full_name})
                continue
            if row["email"] and person.email and row["email"] != person.email:
                bad(number, "email", _("người này (dòng %(row)s) đã có thư điện tử khác") % {"row": person.first_row})
                continue
            if row["phone"] and person.phone and row["phone"] != person.phone:
                bad(number, "phone", _("người này (dòng %(row)s) đã có số điện thoại khác") % {"row": person.first_row})
                continue
            person.email = person.email or row["email"]
            person.phone = person.phone or row["phone"]
            person.user = person.user or user
        else:
            index = len(people)
            person = _Person(first_row=number, full_name=row["full_name"], email=row["email"],
                             phone=row["phone"], user=user)
            people.append(person)
        for key in keys:
            key_owner[key] = index
        if unit is not None and row["role"] in Role.values:
            triple = (index, unit.pk, row["role"])
            if triple in seen:
                bad(number, "", _("trùng với dòng %(row)s (cùng người, cùng đơn vị, cùng vai trò)") % {
                    "row": seen[triple]})
            else:
                seen[triple] = number
    if errors:
        raise ImportRejected(errors)
    return {"people": people, "grants": list(seen), "units": {u.pk: u for u in units.values()},
            "rows": len(parsed)}


@transaction.atomic
def _save(plan, acting_user, filename):
    now = timezone.now()
    people = plan["people"]
    existing_ids = [p.user.pk for p in people if p.user is not None]
    new_people = [p for p in people if p.user is None]
    for person in new_people:
        person.user = User(full_name=person.full_name, email=person.email or None,
                           phone=person.phone or None, invited_at=now)
        person.user.sort_name = name_sort_key(person.full_name)  # bulk_create skips save()
        person.user.set_unusable_password()
    User.objects.bulk_create([p.user for p in new_people], batch_size=_CHUNK)

    held = set()
    for ids in _chunks(existing_ids):
        held.update(Membership.objects.filter(user_id__in=ids).values_list("user_id", "unit_id", "role"))
    memberships, events = [], []
    actor = acting_user
    for person in new_people:
        events.append(AuditEvent(actor=actor, action="user.invite", subject_type="accounts.user",
                                 subject_id=str(person.user.pk), created_at=now, data={"source": "import"}))
    already = 0
    for index, unit_id, role in plan["grants"]:
        user = people[index].user
        if (user.pk, unit_id, role) in held:
            already += 1
            continue
        memberships.append(Membership(user=user, unit_id=unit_id, role=role, granted_by=actor))
        events.append(AuditEvent(actor=actor, action="membership.grant", unit_id=unit_id,
                                 subject_type="accounts.user", subject_id=str(user.pk), created_at=now,
                                 data={"role": role, "source": "import"}))
    Membership.objects.bulk_create(memberships, batch_size=_CHUNK)
    AuditEvent.objects.bulk_create(events, batch_size=_CHUNK)
    summary = ImportSummary(rows=plan["rows"], people_created=len(new_people), roles_granted=len(memberships),
                            roles_already_held=already)
    audit(actor=acting_user, action="members.import", filename=filename, rows=summary.rows,
          people_created=summary.people_created, roles_granted=summary.roles_granted,
          roles_already_held=already)
    invite_ids = [p.user.pk for p in new_people if p.user.email]
    summary.people_invited = len(invite_ids)
    if invite_ids:
        transaction.on_commit(partial(emails.send_invitations, user_ids=invite_ids,
                                      inviter_id=acting_user.pk if acting_user else None))
    return summary
