"""The site menu: the same links in the phone's fold and the wide list, rendered once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sangkien.initiatives.models import Notification
from sangkien.initiatives.tests.conftest import cast
from sangkien.progress.tests import web_fixtures

cast, client_for = cast, web_fixtures.client_for  # bound here so pytest finds them

PAGE = "/don-vi/"


def menu_lists(html):
    fold = html[html.index('<details class="nav-fold">'):html.index("</details>")]
    wide = html[html.index('<ul class="nav-list nav-wide">'):]
    wide = wide[:wide.index("</ul>")]
    return fold[fold.index("<ul"):], wide


def test_the_fold_and_the_wide_menu_hold_the_same_links(cast, client_for):
    html = client_for(cast.officer).get(PAGE).text
    fold, wide = menu_lists(html)
    links = re.findall(r'data-nav="([a-z-]+)"', wide)
    assert {"units", "initiatives", "progress", "waiting", "notifications", "logout"} <= set(links)
    assert re.findall(r'data-nav="([a-z-]+)"', fold) == links
    assert 'data-nav="units" aria-current="page"' in wide  # where the officer is


def test_the_menu_asks_the_database_once_for_each_thing_it_shows(cast, client_for):
    Notification.objects.create(user=cast.officer, kind="test", message="Có sáng kiến mới chờ bạn")
    client = client_for(cast.officer)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(PAGE).text
    assert html.count('<span class="badge" aria-hidden="true">1</span>') == 2
    unread = [q for q in queries if "initiatives_notification" in q["sql"]]
    # The user's roles: with the user, or on their own (sangkien.orgs.access.roles_of).
    roles = [q for q in queries if "roles_held" in q["sql"] or q["sql"].startswith("SELECT m.role, u.path")]
    assert len(unread) == 1
    assert len(roles) == 1
    assert unread == roles  # both read with the session and its user (accounts.sessions)


def test_people_not_signed_in_see_only_the_way_in(client, db):
    html = client.get(PAGE, follow=True).text
    assert re.findall(r'data-nav="([a-z-]+)"', html[html.index("<nav"):html.index("</nav>")]) == ["login"]


def test_a_page_without_the_menu_does_not_read_the_roles_for_it(cast, client_for, rf):
    from django.template import engines

    from sangkien.core.context_processors import navigation

    request = rf.get(PAGE)
    request.user = type(cast.officer).objects.get(pk=cast.officer.pk)  # nothing read yet
    with CaptureQueriesContext(connection) as queries:
        engines["django"].from_string("<p>{{ rows }}</p>").render({"rows": 1}, request)
    assert not [q for q in queries if "orgs_membership" in q["sql"]]
    # …and the menu still gets them when it is shown.
    assert "officer" in navigation(request)["nav_roles"]


def test_the_menu_kept_by_the_process_follows_every_change_on_the_next_request(cast, client_for):
    """The rendered menu is kept under its inputs (core/templatetags/nav.py): a new notice, a
    notice read, a role taken away and another page each show at once."""
    from sangkien.orgs.models import Membership

    client = client_for(cast.officer)
    client.get(PAGE)  # kept
    notice = Notification.objects.create(user=cast.officer, kind="test", message="Có sáng kiến mới chờ bạn")
    assert client.get(PAGE).text.count('<span class="badge" aria-hidden="true">1</span>') == 2
    notice.read_at = notice.created_at
    notice.save()
    assert 'class="badge"' not in client.get(PAGE).text
    wide = menu_lists(client.get("/sang-kien/danh-sach/").text)[1]
    assert 'data-nav="initiatives" aria-current="page"' in wide
    assert 'data-nav="units" aria-current="page"' not in wide
    Membership.objects.filter(user=cast.officer).delete()
    assert 'data-nav="waiting"' not in menu_lists(client.get(PAGE).text)[1]


def test_each_page_of_the_kept_menu_carries_its_own_csrf_token(cast, client_for):
    """The sign-out form's token is the request's own, not the one of the page first kept."""
    first, second = client_for(cast.officer), client_for(cast.officer)
    tokens = []
    for client in (first, second, first):
        html = client.get(PAGE).text
        form = html[html.index('data-nav="logout"') - 400:html.index('data-nav="logout"')]
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1))
    assert "slot" not in "".join(tokens)
    assert tokens[0] != tokens[1]
    second.handler.enforce_csrf_checks = True
    response = second.post("/tai-khoan/dang-xuat/", {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302


def test_the_menu_names_the_list_in_english_while_the_brand_stays_vietnamese(cast, client_for):
    from django.conf import settings

    client = client_for(cast.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(PAGE).text
    assert re.search(r'data-nav="initiatives"[^>]*>Initiatives</a>', html)
    assert "</span> Sáng kiến</a>" in html  # the brand's name is not translated
