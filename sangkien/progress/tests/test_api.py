"""GET /api/v1/progress/<code>: public figures with CORS, never a description of an entry."""

from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.tests.conftest import drive
from sangkien.progress import recount, selectors
from sangkien.progress.models import Target

from . import web_fixtures

# Shared fixtures (web_fixtures.py), bound here so pytest finds them.
campaign, fresh_cache = web_fixtures.campaign, web_fixtures.fresh_cache


def api(client, code, **params):
    return client.get(reverse("api:progress", args=[code]), params)


def test_the_figures_of_a_unit_as_json(cast, campaign, client):
    drive(make_initiative(unit=cast.tree.school, created_by=cast.author, benefit_vnd=2_000_000), cast, "approved")
    drive(make_initiative(unit=cast.tree.school, created_by=cast.author, benefit_vnd=5), cast, "confirmed")
    Target.objects.create(unit=cast.tree.cdgd, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=8)
    response = api(client, "HB-GD")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"unit", "name", "campaign", "phase", "counts", "counted", "confirmed", "benefit_vnd",
                         "participants", "target", "percent", "updated_at"}
    assert (data["unit"], data["name"]) == ("HB-GD", "Công đoàn Giáo dục tỉnh Hòa Bình")
    assert data["counts"] == {"submitted": 0, "returned": 0, "withdrawn": 0, "confirmed": 1, "rejected": 0,
                              "approved": 1, "nominated": 0, "honoured": 0}
    assert (data["counted"], data["confirmed"], data["benefit_vnd"], data["participants"]) == (1, 2, 2_000_000, 1)
    assert (data["target"], data["percent"]) == (8, 12.5)
    figures = selectors.unit_figures(cast.tree.cdgd, campaign)
    assert data["counted"] == figures.counted and recount.drift() == []
    import datetime

    assert datetime.datetime.fromisoformat(data["updated_at"]).tzinfo is not None


def test_the_answer_may_be_read_from_any_site_and_cached_30_seconds(tree, client):
    response = api(client, "TLD")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=30"
    assert response.json()["target"] is None and response.json()["percent"] is None
    preflight = client.options(reverse("api:progress", args=["TLD"]))
    assert preflight.status_code == 200 and preflight["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_unit_is_a_json_404(db, client):
    response = api(client, "KHONG-CO")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_writes_are_refused(tree, client):
    assert client.post(reverse("api:progress", args=["TLD"])).status_code == 405


def test_confidential_entries_are_counted_but_never_described(cast, client):
    secret = make_initiative(unit=cast.tree.school, created_by=cast.author, confidential=True,
                             title="Quy trình mật <script>alert(1)</script>", benefit_vnd=9_000_000,
                             authors=[{"full_name": "Trần Thị Bí Mật", "user": cast.author, "share": 100}])
    drive(secret, cast, "approved")
    response = api(client, "TLD")
    body = response.content.decode()
    assert response.json()["counted"] == 1 and response.json()["benefit_vnd"] == 9_000_000
    for leak in ("Quy trình mật", "Bí Mật", "script", "title", "author"):
        assert leak not in body


def test_a_phase_may_be_asked_for(cast, campaign, client):
    drive(make_initiative(unit=cast.tree.school, created_by=cast.author), cast, "approved")  # phase 1
    assert api(client, "HB", phase=1).json()["counted"] == 1
    assert api(client, "HB", phase=2).json()["counted"] == 0
    assert api(client, "HB", phase=2).json()["phase"] == 2


def test_the_embed_page_gives_the_snippet_and_the_widget_is_served_by_the_app(tree, client):
    html = client.get(reverse("progress:embed", args=["HB"])).content.decode()
    snippet = ('&lt;div data-sangkien-counter=&quot;HB&quot;&gt;&lt;/div&gt;&lt;script '
               'src=&quot;http://testserver/static/js/counter-widget.js&quot; async&gt;&lt;/script&gt;')
    assert snippet in html or ('&lt;div data-sangkien-counter="HB"&gt;' in html
                               and 'src="http://testserver/static/js/counter-widget.js" async' in html)
    assert client.get(reverse("progress:embed", args=["KHONG-CO"])).status_code == 404
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/counter-widget.js"), encoding="utf-8").read()
    assert "/api/v1/progress/" in script and "innerHTML" not in script and "http" not in script.split("*/", 1)[1]


def test_a_repeated_question_costs_one_query_until_the_figures_change(cast, campaign, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    entry = make_initiative(unit=cast.tree.school, created_by=cast.author, benefit_vnd=1_000)
    drive(entry, cast, "confirmed")
    assert api(client, "HB").json()["confirmed"] == 1
    with CaptureQueriesContext(connection) as captured:
        again = api(client, "HB").json()
    assert len(captured) == 1 and again["confirmed"] == 1  # the unit's version numbers only

    from sangkien.initiatives.workflow import initiative_move

    entry.refresh_from_db()  # a move below HB: its numbers move in the same transaction
    initiative_move(acting_user=cast.upper_cdgd, initiative=entry, action="approve", comment="")
    moved = api(client, "HB").json()
    assert (moved["counted"], moved["benefit_vnd"]) == (1, 1_000)
    assert api(client, "HB-GD", phase=1).json()["counted"] == 1  # each unit, campaign and phase its own

    Target.objects.create(unit=cast.tree.hoa_binh, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=4)
    assert (api(client, "HB").json()["target"], api(client, "HB").json()["percent"]) == (4, 25.0)
    assert recount.drift() == []


def test_the_answer_is_the_same_with_a_trailing_slash(tree, client):
    response = client.get("/api/v1/progress/TLD/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["unit"] == "TLD" and response["Access-Control-Allow-Origin"] == "*"
    missing = client.get("/api/v1/progress/KHONG-CO/")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert reverse("api:progress", args=["TLD"]) == "/api/v1/progress/TLD"  # links keep no slash
