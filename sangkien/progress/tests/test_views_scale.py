"""The queries of each dashboard, the public home and the API do not grow with the tree.

Counted at every level (national, province, upper unit, CĐCS) on the standing tree, then
again after the tree grew at every level beyond one page of children (25), with targets,
clusters, member totals and more entries; the numbers must be the same.
"""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.factories import make_initiative, make_unit
from sangkien.initiatives.tests.conftest import drive
from sangkien.orgs.models import Cluster
from sangkien.progress.members import members_refresh
from sangkien.progress.models import Target

from . import web_fixtures

campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache


def dashboard(code, **params):
    from django.utils.http import urlencode

    return reverse("progress:dashboard", args=[code]) + (f"?{urlencode(params)}" if params else "")


def grow(cast, campaign, n, tag):
    """`n` more children at every level, a third of them in a cluster, half with a target."""
    tree = cast.tree
    cluster, _new = Cluster.objects.get_or_create(name="Cụm thi đua các tỉnh miền núi")
    for parent, kind in ((tree.national, "province"), (tree.hoa_binh, "upper"), (tree.cdgd, "grassroots"),
                         (tree.school, "section")):
        for i in range(n):
            child = make_unit(code=f"{parent.code}-{tag}{i:02d}", name=f"Đơn vị mới {i} <b>", kind_code=kind,
                              parent=parent, headcount=20 + i, cluster=cluster if i % 3 == 0 else None)
            if i % 2:
                Target.objects.create(unit=child, campaign=campaign, kind=Target.Kind.SHARE, value=10)
    for state in ("approved", "confirmed", "submitted", "honoured"):
        drive(make_initiative(unit=tree.school, created_by=cast.author, title=f"{tag} {state}"), cast, state)
    members_refresh()


def test_every_dashboard_the_home_page_and_the_api_cost_the_same_queries_on_a_larger_tree(cast, campaign,
                                                                                           client_for):
    pages = [
        (cast.upper_national, dashboard("TLD")),
        (cast.upper_national, dashboard("TLD", order="per100", page=2)),
        (cast.upper_hb, dashboard("HB")),
        (cast.upper_cdgd, dashboard("HB-GD", order="percent")),
        (cast.officer, dashboard("HB-GD-001")),
        (None, reverse("core:home")),
        (None, reverse("api:progress", args=["HB"])),
    ]

    def counts():
        out = []
        for user, page in pages:
            client = client_for(user) if user else Client()
            cache.clear()  # the public figures are cached: count the reads behind them
            client.get(page)  # warm: session, consent, phase numbers
            cache.clear()
            if user:  # with sessions in the cache (REDIS_URL) the clear signed them out
                client.force_login(user)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            out.append(len(captured))
        return out

    grow(cast, campaign, 2, "A")  # every feature present, on a small tree
    small = counts()
    grow(cast, campaign, 30, "B")  # more than a page of children at every level
    assert counts() == small
