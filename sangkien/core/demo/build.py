"""Builds the demo: the union tree as import-style rows, then the demo accounts.

Every run computes the same rows (a fixed random seed) and writes only what differs from the
database, so running the demo twice changes nothing.
"""

import csv
import io
import random
from dataclasses import dataclass

from django.db import transaction

from sangkien.accounts.models import Consent, PrivacyNotice, User
from sangkien.core.models import audit
from sangkien.orgs.importing import COLUMNS, units_import
from sangkien.orgs.models import Membership, Unit

from . import data

SEED = 147_2022  # Kế hoạch 147/KH-CĐGD, 2022: any fixed number keeps the demo stable


@dataclass(frozen=True)
class UnitRow:
    """One unit, in the columns of the unit import file (orgs.importing.COLUMNS)."""

    code: str
    parent_code: str
    name: str
    short_name: str
    kind: str
    headcount: int
    cluster: str = ""


SCHOOL_LABELS = {
    "mn": ("Trường Mầm non", "MN"),
    "th": ("Trường Tiểu học", "TH"),
    "thcs": ("Trường THCS", "THCS"),
    "thbt": ("Trường PTDTBT Tiểu học", "PTDTBT TH"),
    "thcsbt": ("Trường PTDTBT THCS", "PTDTBT THCS"),
    "thvthcs": ("Trường Tiểu học và THCS", "TH&THCS"),
}


def _short(school_name: str) -> str:
    for label, short in sorted(SCHOOL_LABELS.values(), key=lambda item: -len(item[0])):
        if school_name.startswith(label + " "):
            return f"{short} {school_name[len(label) + 1:]}"
    return school_name.removeprefix("Trường ")


def _headcount(rng, school_type):
    low, high = data.HEADCOUNTS["th" if school_type in ("thbt", "thvthcs") else
                                "thcs" if school_type == "thcsbt" else school_type]
    return rng.randint(low, high)


def _district_schools(rng, district_code, communes):
    """(type, school name) for a district: its named schools, then the commune schools."""
    schools = list(data.NAMED_SCHOOLS.get(district_code, []))
    highland = district_code in data.HIGHLAND_DISTRICTS
    for commune in communes:
        schools.append(("mn", f"Trường Mầm non {commune}"))
        if highland and rng.random() < 0.3:
            schools.append(("thbt", f"Trường PTDTBT Tiểu học {commune}"))
            schools.append(("thcsbt", f"Trường PTDTBT THCS {commune}"))
        elif rng.random() < 0.15:
            schools.append(("thvthcs", f"Trường Tiểu học và THCS {commune}"))
        else:
            schools.append(("th", f"Trường Tiểu học {commune}"))
            # Small communes share one lower secondary school with a neighbour.
            if rng.random() < 0.55:
                schools.append(("thcs", f"Trường THCS {commune}"))
    seen, unique = set(), []
    for school_type, name in schools:
        if name not in seen:
            seen.add(name)
            unique.append((school_type, name))
    return unique


def unit_rows() -> list[UnitRow]:
    """The whole demo tree, parents before children, the same on every run."""
    rng = random.Random(SEED)
    rows = [UnitRow("TLD", "", "Tổng Liên đoàn Lao động Việt Nam", "Tổng LĐLĐ Việt Nam", "national", 0)]
    for code, name, short, cluster in data.PROVINCES:
        rows.append(UnitRow(code, "TLD", name, short, "province", rng.randint(20, 45), cluster))

    # Hòa Bình: the education union, its ten district unions and their schools.
    rows.append(UnitRow("HB-GD", "HB", "Công đoàn Giáo dục tỉnh Hòa Bình", "CĐGD tỉnh Hòa Bình",
                        "upper", 12))
    for number, name in enumerate(data.HOA_BINH_UPPER_SECONDARY, start=1):
        rows.append(UnitRow(f"HB-GD-THPT-{number:03d}", "HB-GD", f"Công đoàn {name}", _short(name),
                            "grassroots", _headcount(rng, "thpt"),
                            data.HOA_BINH_UPPER_SECONDARY_CLUSTER))
    for district_code, district_name, district_short, communes in data.HOA_BINH_DISTRICTS:
        parent = f"HB-GD-{district_code}"
        rows.append(UnitRow(parent, "HB-GD", f"Công đoàn Giáo dục {district_name}",
                            f"CĐGD {district_short}", "upper", rng.randint(3, 6)))
        for number, (school_type, name) in enumerate(
            _district_schools(rng, district_code, communes), start=1
        ):
            rows.append(UnitRow(f"{parent}-{number:03d}", parent, f"Công đoàn {name}", _short(name),
                                "grassroots", _headcount(rng, school_type),
                                data.HOA_BINH_CLUSTERS[district_code]))
    for suffix, name, short, grassroots in data.HOA_BINH_OTHER_UNITS:
        rows.extend(_upper_with_grassroots(rng, "HB", suffix, name, short, grassroots))

    # The other provinces and the central sector union, for rankings.
    for province_code, uppers in data.OTHER_PROVINCE_UNITS.items():
        for suffix, name, short, grassroots in uppers:
            rows.extend(_upper_with_grassroots(rng, province_code, suffix, name, short, grassroots))
    code, name, short, grassroots = data.SECTOR_UNITS
    rows.append(UnitRow(code, "TLD", name, short, "sector", rng.randint(30, 50)))
    for number, (child, low, high) in enumerate(grassroots, start=1):
        rows.append(UnitRow(f"{code}-{number:03d}", code, child, _short_grassroots(child), "grassroots",
                            rng.randint(low, high)))
    return rows


def _upper_with_grassroots(rng, province_code, suffix, name, short, grassroots):
    code = f"{province_code}-{suffix}"
    yield UnitRow(code, province_code, name, short, "upper", rng.randint(4, 15))
    for number, (child, low, high) in enumerate(grassroots, start=1):
        yield UnitRow(f"{code}-{number:03d}", code, child, _short_grassroots(child), "grassroots",
                      rng.randint(low, high))


def _short_grassroots(name):
    return _short(name.removeprefix("Công đoàn ").removeprefix("cơ quan "))


@dataclass
class SeedResult:
    units_created: int = 0
    units_updated: int = 0
    users_created: int = 0
    memberships_created: int = 0
    consents_created: int = 0
    initiatives_created: int = 0
    targets_created: int = 0
    pages_created: int = 0


def seed_units(rows, result: SeedResult):
    """The tree through the same import as a unit file (upsert by code, all or nothing).

    When the database already holds exactly these rows nothing is imported, so that a
    second run leaves no trace, not even the import's audit row.
    """
    if _stored_rows(rows) != set(rows):
        imported = units_import(acting_user=None, source=io.BytesIO(_as_csv(rows)), filename="seed_demo.csv")
        result.units_created += imported.created
        result.units_updated += imported.updated
    return Unit.objects.in_bulk([row.code for row in rows], field_name="code")


def _stored_rows(rows):
    stored = Unit.objects.filter(code__in=[row.code for row in rows]).values_list(
        "code", "path", "name", "short_name", "kind__code", "headcount", "cluster__name"
    )
    code_of = {path: code for code, path, *_ in stored}
    return {
        UnitRow(code, code_of.get(path[: -Unit.steplen], ""), name, short_name, kind, headcount, cluster or "")
        for code, path, name, short_name, kind, headcount, cluster in stored
    }


def _as_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def seed_accounts(units, result: SeedResult):
    """The demo accounts, with their roles, already agreed to the current privacy notice."""
    notice = PrivacyNotice.current()
    accounts = []
    for role, local, full_name, position, phone, unit_code in data.DEMO_ACCOUNTS:
        email = f"{local}@{data.DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            if role is None:
                user = User.objects.create_superuser(email, data.DEMO_PASSWORD, full_name=full_name,
                                                     position=position)
            else:
                user = User.objects.create_user(email, data.DEMO_PASSWORD, phone=phone,
                                                full_name=full_name, position=position)
            result.users_created += 1
        elif not user.check_password(data.DEMO_PASSWORD):
            # Someone changed a demo password: the demo is only useful with the printed one.
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        unit = units[unit_code] if unit_code else None
        if role is not None:
            membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
            if created:
                audit(actor=None, action="role.grant", unit=unit, subject=membership,
                      message="seed_demo", role=role)
                result.memberships_created += 1
        if notice is not None and not Consent.objects.filter(
            user=user, notice=notice, withdrawn_at__isnull=True
        ).exists():
            # The demo accounts agree on their holders' behalf so the demo is usable at
            # once; a real account always agrees itself, on the consent page.
            consent = Consent.objects.create(user=user, notice=notice)
            audit(actor=None, action="consent.give", subject=consent, message="seed_demo",
                  version=notice.version)
            result.consents_created += 1
        accounts.append((role, user, unit))
    return accounts


def seed_demo(*, with_initiatives=True):
    """`with_initiatives=False` gives the tree and the accounts alone, in a few seconds
    instead of half a minute (the browser tests need nothing more)."""
    from sangkien.comms.demo import seed_comms
    from sangkien.initiatives.demo import seed_initiatives, seed_scoring, seed_targets
    from sangkien.progress.recount import rewrite

    result = SeedResult()
    with transaction.atomic():
        units = seed_units(unit_rows(), result)
        accounts = seed_accounts(units, result)
        if not with_initiatives:
            seed_comms(with_pages=False)  # the sections alone, for the browser tests
            return result, accounts
        result.initiatives_created = seed_initiatives()
        result.targets_created = seed_targets()
        seed_scoring()  # the upper unit's council scores a few waiting entries
        if result.initiatives_created:
            rewrite()  # the counters, recounted from the entries just written
        # After the initiatives: the demo's stories tell about some of them.
        result.pages_created = seed_comms()
    return result, accounts
