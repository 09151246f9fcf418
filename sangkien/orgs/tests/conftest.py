import csv
from types import SimpleNamespace

import pytest

from sangkien.accounts.models import PrivacyNotice
from sangkien.accounts.services import consent_give
from sangkien.core.tabular import write_xlsx
from sangkien.factories import UserFactory, grant
from sangkien.orgs.importing import COLUMNS
from sangkien.orgs.models import Cluster, Unit
from sangkien.orgs.roles import Role


@pytest.fixture
def unit_file(tmp_path):
    """Writes rows under the import's header (or another one) as .csv or .xlsx in tmp_path."""

    def write(rows, *, fmt="csv", bom=True, header=COLUMNS, name=None):
        path = tmp_path / (name or f"units.{fmt}")
        if fmt == "xlsx":
            path.write_bytes(write_xlsx(header, rows))
        else:
            with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
        return path

    return write


def tree_snapshot():
    """Everything an import may change, to show that a refused file changed nothing."""
    units = list(
        Unit.objects.order_by("path").values_list(
            "code", "path", "depth", "numchild", "name", "short_name", "kind__code", "headcount",
            "cluster__name", "name_folded", "updated_at",
        )
    )
    return units, sorted(Cluster.objects.values_list("name", flat=True))


@pytest.fixture
def sign_in(client):
    """Signs a user in on the test client, having agreed to the privacy notice."""

    def sign_in(user):
        consent_give(acting_user=user, notice=PrivacyNotice.current())
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def cast(tree):
    """One who may (unit admin of the education union), one below (an officer of a school in
    it), one beside (unit admin of Hà Nội), and a superuser."""
    admin = UserFactory(full_name="Quản trị <b>Giáo dục</b>")
    grant(admin, tree.cdgd, Role.UNIT_ADMIN)
    officer = UserFactory()
    grant(officer, tree.school, Role.OFFICER)
    neighbour = UserFactory()
    grant(neighbour, tree.ha_noi, Role.UNIT_ADMIN)
    upper = UserFactory()
    grant(upper, tree.hoa_binh, Role.UPPER_OFFICER)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return SimpleNamespace(admin=admin, officer=officer, neighbour=neighbour, upper=upper, superuser=superuser)
