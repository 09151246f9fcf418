"""A dashboard's and a unit list's version numbers are read in the session's own query
(core.ahead): a page the process keeps costs one query, and still changes with the very next
move, on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.core import ahead
from sangkien.factories import make_initiative
from sangkien.initiatives.tests.conftest import drive
from sangkien.initiatives.workflow import initiative_move
from sangkien.progress import versions

from . import web_fixtures
from .test_views import figure

campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache

LIST = "/sang-kien/danh-sach/"


def dashboard(code):
    return reverse("progress:dashboard", args=[code])


def get(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    return response, [q["sql"] for q in captured]


@pytest.mark.parametrize("address", [dashboard("HB-GD"), f"{LIST}?unit=HB-GD"])
def test_a_kept_page_costs_one_query_that_reads_the_session_and_the_versions(cast, client_for, address):
    client = client_for(cast.upper_cdgd)
    assert client.get(address).status_code == 200  # now kept by this process
    response, queries = get(client, address)
    assert response.status_code == 200
    assert len(queries) == 1, queries
    assert "session_data" in queries[0] and "progress_version" in queries[0]


def test_the_numbers_read_ahead_are_the_current_ones(cast, client_for):
    """The kept page is keyed by the numbers read with the session: a move shows at once."""
    client = client_for(cast.upper_cdgd)
    entry = make_initiative(unit=cast.tree.school, created_by=cast.author)
    drive(entry, cast, "submitted")
    assert figure(client.get(dashboard("HB-GD")).content.decode(), "people") == "0"
    client.get(dashboard("HB-GD"))  # kept
    initiative_move(acting_user=cast.officer, initiative=entry, action="confirm")
    response, queries = get(client, dashboard("HB-GD"))
    assert figure(response.content.decode(), "people") == "1"  # the author takes part once confirmed
    assert len(queries) > 1  # a new page: its figures were read


def test_an_unknown_unit_read_ahead_is_not_found(cast, client_for):
    client = client_for(cast.upper_cdgd)
    response, queries = get(client, dashboard("NO-SUCH-UNIT"))
    assert response.status_code == 404
    # The versions read with the session said so: the unit is not asked for again (what
    # follows is the 404's own business: Wagtail looks for a redirect).
    assert "progress_version" in queries[0] and not any("orgs_unit" in q for q in queries[1:]), queries


def test_a_read_ahead_answer_is_used_only_for_the_code_it_was_read_for(cast):
    found = versions.of_code("HB-GD")
    assert versions.of_code("HB-GD", ahead=("HB", (1, 2, 3))) == found
    assert versions.of_code("HB", ahead=("HB", (1, 2, 3))) == (1, 2, 3)
    assert versions.of_code("HB", ahead=("HB", (None, 0, 0))) is None


def test_without_a_session_nothing_is_read_ahead_and_the_view_asks_for_itself(cast, client, rf):
    response = client.get(dashboard("HB-GD"))
    assert response.status_code == 302  # to the sign-in page
    seen = []
    request = rf.get(dashboard("HB-GD"))

    def load():
        seen.append(ahead.pending())  # the session reader takes what is pending, once
        seen.append(ahead.pending())

    view = ahead.reads_ahead(versions.ahead_for_code)(lambda request, code: None)
    ahead.read_with_session(request, view, {"code": "HB-GD"}, load)
    assert seen[0] is not None and seen[0].key == "HB-GD" and seen[1] is None
    assert request.read_ahead is None  # no session row came back: nothing read
    assert ahead.pending() is None  # and nothing left for a later request
