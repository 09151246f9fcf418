"""docs/permissions.md is the contract: every cell of its role × action tables is checked here.

The tables are parsed from the document itself, so the document cannot say one thing while
the rules do another, and a permission registered in code but missing from the document
fails the suite.

The tree fixture (sangkien/conftest.py):

    national ─┬─ hoa_binh ─ cdgd ─┬─ school ─ section
              │                   └─ school2
              └─ ha_noi ─ hn_school
"""

import re
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from sangkien.factories import UserFactory, grant
from sangkien.orgs.roles import Role

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
ALLOWED, REFUSED = "✓", "—"
_PERM = re.compile(r"^`([a-z_]+\.[a-z_]+)`$")
_ROLE = re.compile(r"`([a-z_]+)`")


# What each table's permissions are asked about, by the heading above the table.
SECTIONS = {
    "Trên một đơn vị": "unit",
    "Trên một đơn vị cấp dưới": "unit_below",
    "Trên một sáng kiến": "initiative",
}


def parse_matrix(text):
    """{perm: {role: bool}} from every markdown table whose rows start with a `app.action`,
    and {perm: object kind} from the `## heading` each table sits under."""
    matrix, kinds = {}, {}
    roles = section = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("## "):
            section = line[3:].strip()
        if not line.startswith("|"):
            roles = None
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if roles is None:
            # A table's header: the role columns name the role code in backticks.
            roles = [(i, m.group(1)) for i, cell in enumerate(cells) if (m := _ROLE.search(cell))]
            continue
        match = _PERM.match(cells[0])
        if not match:
            continue  # the |---| separator row
        perm = match.group(1)
        assert perm not in matrix, f"{perm} appears twice in {DOC.name}"
        assert section in SECTIONS, f"{perm}: table under an unknown heading {section!r}"
        row = {}
        for index, role in roles:
            value = cells[index]
            assert value in (ALLOWED, REFUSED), f"{perm} / {role}: cell must be ✓ or —, not {value!r}"
            row[role] = value == ALLOWED
        matrix[perm] = row
        kinds[perm] = SECTIONS[section]
    return matrix, kinds


MATRIX, KINDS = parse_matrix(DOC.read_text(encoding="utf-8"))
CELLS = [(perm, role, allowed) for perm, row in MATRIX.items() for role, allowed in row.items()]


def project_prefixes():
    return {config.label for config in apps.get_app_configs() if config.name.startswith("sangkien.")}


def registered_perms():
    return {name for name in rules.permissions.permissions if name.split(".", 1)[0] in project_prefixes()}


def id_of(cell):
    perm, role, allowed = cell
    return f"{perm}-{role}-{'allowed' if allowed else 'refused'}"


def holder(role, unit):
    user = UserFactory()
    grant(user, unit, role)
    return user


def submitted_initiative(unit):
    """An initiative its author has sent to the CĐCS (a draft is the author's alone)."""
    from sangkien.factories import make_initiative
    from sangkien.initiatives.workflow import initiative_move

    author = UserFactory(full_name="Tác giả <b>thử</b>")
    grant(author, unit, Role.MEMBER)
    initiative = make_initiative(unit=unit, created_by=author)
    initiative_move(acting_user=author, initiative=initiative, action="submit")
    initiative.refresh_from_db()
    return initiative


def scenes(tree, perm):
    """[(where the role is held, [objects inside its reach], [objects outside it])]."""
    kind = KINDS[perm]
    if kind == "unit":
        return [
            # A grassroots union: itself and its section; never its sibling, its parent,
            # the root, or a unit in another province.
            (tree.school, [tree.school, tree.section],
             [tree.school2, tree.cdgd, tree.hoa_binh, tree.national, tree.ha_noi, tree.hn_school]),
            # An upper union: every level below it; never above it or beside it.
            (tree.cdgd, [tree.cdgd, tree.school, tree.school2, tree.section],
             [tree.hoa_binh, tree.national, tree.ha_noi, tree.hn_school]),
        ]
    if kind == "unit_below":
        # As above, except the unit where the role is held: only what lies strictly below.
        return [
            (tree.school, [tree.section],
             [tree.school, tree.school2, tree.cdgd, tree.hoa_binh, tree.national, tree.hn_school]),
            (tree.cdgd, [tree.school, tree.school2, tree.section],
             [tree.cdgd, tree.hoa_binh, tree.national, tree.ha_noi, tree.hn_school]),
        ]
    # Initiatives live in grassroots unions only.
    at_school, at_school2, at_hn = (submitted_initiative(unit) for unit in (tree.school, tree.school2, tree.hn_school))
    return [
        (tree.school, [at_school], [at_school2, at_hn]),
        (tree.cdgd, [at_school, at_school2], [at_hn]),
        # A role in a section (below the school) does not reach up to the school's entries.
        (tree.section, [], [at_school, at_school2, at_hn]),
    ]


def test_the_document_lists_every_permission_registered_in_code():
    documented, registered = set(MATRIX), registered_perms()

    assert registered - documented == set(), f"add these to {DOC}: {sorted(registered - documented)}"
    assert documented - registered == set(), f"{DOC} names permissions no rule defines"


def test_every_table_row_has_one_cell_per_role():
    assert MATRIX, "no table parsed"
    for perm, row in MATRIX.items():
        assert set(row) == set(Role.values), perm


@pytest.mark.parametrize("cell", CELLS, ids=id_of)
def test_each_cell_inside_the_subtree_and_refused_outside_it(tree, cell):
    perm, role, allowed = cell
    for held_in, inside, outside in scenes(tree, perm):
        user = holder(role, held_in)
        for obj in inside:
            assert user.has_perm(perm, obj) is allowed, f"{role} in {held_in.code} on {obj}"
        for obj in outside:
            assert user.has_perm(perm, obj) is False, f"{role} in {held_in.code} reached {obj}"


@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_anonymous_and_roleless_users_are_refused_everywhere(tree, perm):
    anonymous, roleless = AnonymousUser(), UserFactory()
    objects = {obj for _, inside, outside in scenes(tree, perm) for obj in inside + outside}

    for obj in objects:
        assert anonymous.has_perm(perm, obj) is False, obj
        assert roleless.has_perm(perm, obj) is False, obj


@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_the_system_admin_is_allowed_everywhere(tree, perm):
    admin = UserFactory(is_superuser=True, is_staff=True)
    objects = {obj for _, inside, outside in scenes(tree, perm) for obj in inside + outside}

    for obj in objects:
        assert admin.has_perm(perm, obj) is True, obj


def test_a_role_in_two_places_reaches_both_and_nothing_between(tree):
    user = holder(Role.UNIT_ADMIN, tree.school)
    grant(user, tree.hn_school, Role.UNIT_ADMIN)

    assert user.has_perm("orgs.manage_units", tree.school)
    assert user.has_perm("orgs.manage_units", tree.hn_school)
    assert not user.has_perm("orgs.manage_units", tree.school2)
    assert not user.has_perm("orgs.manage_units", tree.cdgd)
    assert not user.has_perm("orgs.manage_units", tree.ha_noi)


def test_the_parser_reads_cells_and_rejects_anything_else():
    text = (
        "| Hành động | Ý nghĩa | A<br>`member` | B<br>`officer` |\n|---|---|:-:|:-:|\n"
        "| `orgs.view_unit` | x | ✓ | — |\n"
    )
    text = "## Trên một đơn vị\n\n" + text
    assert parse_matrix(text) == ({"orgs.view_unit": {"member": True, "officer": False}}, {"orgs.view_unit": "unit"})
    with pytest.raises(AssertionError):
        parse_matrix(text.replace("— |\n", "x |\n"))
    with pytest.raises(AssertionError):
        parse_matrix(text.replace("Trên một đơn vị", "Somewhere else"))
