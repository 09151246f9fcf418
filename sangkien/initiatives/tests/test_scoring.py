"""Council scoring: the scheme and its lock, who scores what, the maths, and what the approver sees.

The tree (sangkien/conftest.py): national ─ hoa_binh ─ cdgd ─ school/school2; ha_noi ─ hn_school.
A scheme at cdgd applies to the school's entries once the CĐCS has confirmed them.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.accounts import services as account_services
from sangkien.accounts.models import DataRequest
from sangkien.core.models import AuditEvent
from sangkien.factories import UserFactory, grant, make_initiative
from sangkien.initiatives import scoring
from sangkien.initiatives.apps import authored_initiatives
from sangkien.initiatives.models import Campaign, CriterionScore, ScoringAssignment, ScoringScheme
from sangkien.initiatives.scoring import CriterionRow
from sangkien.initiatives.workflow import initiative_move
from sangkien.orgs.models import Membership
from sangkien.orgs.roles import Role

from .conftest import drive

D = Decimal
HOSTILE = "<script>alert(7)</script>"


def rows(*maxima, group="Nhóm"):
    return [CriterionRow(group=group, name=f"Tiêu chí {n}", max_points=D(m)) for n, m in enumerate(maxima)]


@pytest.fixture
def campaign(db):
    return Campaign.objects.get(code="01-trieu-sang-kien")


@pytest.fixture
def council(cast):
    """Council members: two who reach cdgd, one below it, one in another province."""
    tree = cast.tree
    people = {}
    for name, unit in (("cdgd", tree.cdgd), ("hb", tree.hoa_binh), ("school", tree.school), ("hn", tree.ha_noi)):
        people[name] = UserFactory(full_name=f"Hội đồng {name} {HOSTILE}")
        grant(people[name], unit, Role.COUNCIL)
    grant(cast.author, tree.cdgd, Role.COUNCIL)  # an author who also sits on the council
    return type("Council", (), people)


@pytest.fixture
def scheme(cast, campaign):
    criteria = [CriterionRow("Tính mới", "Tính mới, sáng tạo", D(30)),
                CriterionRow("Hiệu quả", "Hiệu quả kinh tế, xã hội", D(40)),
                CriterionRow("Hiệu quả", "Khả năng áp dụng", D(30))]
    return scoring.scheme_save(acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign,
                               pass_mark=D(50), criteria=criteria)


def confirmed(cast, title="Sáng kiến chờ duyệt"):
    return drive(make_initiative(unit=cast.tree.school, created_by=cast.author, title=title), cast, "confirmed")


def points(scheme, *values):
    return {c.pk: D(str(v)) for c, v in zip(scheme.criteria.all(), values, strict=True)}


def assign(cast, scheme, initiative, *scorers):
    return scoring.scorers_assign(acting_user=cast.upper_cdgd, scheme=scheme, initiatives=[initiative],
                                  scorers=list(scorers))


# ── The scheme ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("criteria", "pass_mark", "key", "words"), [
    ([], D(50), "criteria", "ít nhất một tiêu chí"),
    (rows(30, 0), D(20), "row-1", "lớn hơn 0"),
    (rows(30, -5), D(20), "row-1", "lớn hơn 0"),
    (rows("7.25"), D(5), "row-0", "một chữ số thập phân"),
    (rows(600, 500), D(50), "criteria", "vượt quá 1000"),
    (rows(30, 40, 30), D(101), "pass_mark", "không được lớn hơn tổng điểm tối đa (100)"),
    (rows(30, 40, 30), D(0), "pass_mark", "lớn hơn 0"),
    (rows(30, 40, 30), None, "pass_mark", "Hãy nhập điểm đạt"),
])
def test_a_scheme_with_bad_weights_is_refused_with_a_vietnamese_reason(cast, campaign, criteria, pass_mark, key,
                                                                      words):
    with pytest.raises(ValidationError) as refused:
        scoring.scheme_save(acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign,
                            pass_mark=pass_mark, criteria=criteria)
    assert words in " ".join(refused.value.message_dict[key])
    assert not ScoringScheme.objects.exists()


def test_a_criterion_without_a_name_is_refused(cast, campaign):
    with pytest.raises(ValidationError) as refused:
        scoring.scheme_save(acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign, pass_mark=D(10),
                            criteria=[CriterionRow("Nhóm", "  ", D(30))])
    assert "tên tiêu chí" in refused.value.message_dict["row-0"][0]


def test_a_scheme_is_saved_with_its_groups_and_audited(cast, scheme):
    assert [(c.group, c.name, c.max_points) for c in scheme.criteria.all()] == [
        ("Tính mới", "Tính mới, sáng tạo", 30), ("Hiệu quả", "Hiệu quả kinh tế, xã hội", 40),
        ("Hiệu quả", "Khả năng áp dụng", 30)]
    assert scheme.pass_mark == 50
    assert AuditEvent.objects.filter(action="scoring.scheme_create", unit=cast.tree.cdgd, actor=cast.upper_cdgd).exists()


@pytest.mark.parametrize(("who", "where", "allowed"), [
    ("upper_cdgd", "cdgd", True), ("upper_hb", "cdgd", True), ("officer", "school", True),
    ("unit_admin", "school", True),
    ("officer_sibling", "school", False), ("upper_hn", "cdgd", False), ("upper_cdgd", "hoa_binh", False),
    ("other_member", "school", False), ("nobody", "school", False),
])
def test_who_may_set_a_units_scheme(cast, campaign, who, where, allowed):
    def save():
        return scoring.scheme_save(acting_user=getattr(cast, who), unit=getattr(cast.tree, where),
                                   campaign=campaign, pass_mark=D(50), criteria=rows(100))
    if allowed:
        assert save().unit == getattr(cast.tree, where)
    else:
        with pytest.raises(PermissionDenied):
            save()
        assert not ScoringScheme.objects.exists()


def test_a_council_member_may_not_set_the_scheme(cast, campaign, council):
    with pytest.raises(PermissionDenied):
        scoring.scheme_save(acting_user=council.cdgd, unit=cast.tree.cdgd, campaign=campaign, pass_mark=D(5),
                            criteria=rows(10))


def test_the_scheme_may_change_until_the_first_score_then_it_is_locked(cast, campaign, council, scheme):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    # assigned but nobody scored yet: still editable
    scoring.scheme_save(acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign, pass_mark=D(60),
                        criteria=rows(50, 50))
    scheme.refresh_from_db()
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 40, 30))

    with pytest.raises(ValidationError) as refused:
        scoring.scheme_save(acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign, pass_mark=D(10),
                            criteria=rows(10))
    assert "không sửa được tiêu chí" in refused.value.message_dict["criteria"][0]
    scheme.refresh_from_db()
    assert scheme.pass_mark == 60 and [c.max_points for c in scheme.criteria.all()] == [50, 50]


def test_the_scheme_page_saves_shows_row_errors_and_then_locks(cast, campaign, council, client_for):
    client = client_for(cast.upper_cdgd)
    page = reverse("initiatives:scoring_scheme", args=[cast.tree.cdgd.code])
    assert "Tính mới" in client.get(page).content.decode()  # the usual criteria are offered
    form = {"campaign": campaign.code, "pass_mark": "50,5", "criteria-TOTAL_FORMS": "3",
            "criteria-INITIAL_FORMS": "0", "criteria-0-group": "Tính mới", "criteria-0-name": "Mới",
            "criteria-0-max_points": "abc", "criteria-1-group": "Hiệu quả", "criteria-1-name": "Hiệu quả",
            "criteria-1-max_points": "60", "criteria-2-group": "", "criteria-2-name": "", "criteria-2-max_points": ""}
    bad = client.post(page, form)
    assert bad.status_code == 400
    assert "Tiêu chí 1: Nhập điểm tối đa bằng số" in bad.content.decode()
    assert not ScoringScheme.objects.exists()

    form["criteria-0-max_points"] = "40"
    assert client.post(page, form).status_code == 302
    saved = ScoringScheme.objects.get(unit=cast.tree.cdgd)
    assert saved.pass_mark == D("50.5") and saved.criteria.count() == 2  # the blank row is dropped

    initiative = confirmed(cast)
    assign(cast, saved, initiative, council.cdgd)
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(saved, 30, 30))
    form["pass_mark"] = "10"
    locked = client.post(page, form, follow=True).content.decode()
    assert "không sửa được tiêu chí" in locked
    saved.refresh_from_db()
    assert saved.pass_mark == D("50.5")


def test_someone_elses_unit_has_no_scheme_page(cast, client_for):
    client = client_for(cast.upper_hn)
    assert client.get(reverse("initiatives:scoring_scheme", args=[cast.tree.cdgd.code])).status_code == 404
    assert client.get(reverse("initiatives:scoring_assign", args=[cast.tree.cdgd.code])).status_code == 404


# ── Which scheme applies ─────────────────────────────────────────────────────────────────


def test_the_scheme_is_the_one_of_the_level_where_the_entry_waits(cast, campaign, scheme):
    school_scheme = scoring.scheme_save(acting_user=cast.officer, unit=cast.tree.school, campaign=campaign,
                                        pass_mark=D(5), criteria=rows(10))
    hb_scheme = scoring.scheme_save(acting_user=cast.upper_hb, unit=cast.tree.hoa_binh, campaign=campaign,
                                    pass_mark=D(5), criteria=rows(10))
    initiative = make_initiative(unit=cast.tree.school, created_by=cast.author)
    assert scoring.scheme_for(initiative) is None  # a draft
    assert scoring.scheme_for(drive(initiative, cast, "submitted")) == school_scheme
    initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    initiative.refresh_from_db()
    assert scoring.scheme_for(initiative) == scheme  # the nearest above wins
    initiative_move(acting_user=cast.upper_cdgd, initiative=initiative, action="approve")
    initiative.refresh_from_db()
    assert scoring.scheme_for(initiative) is None  # decided at this level
    initiative_move(acting_user=cast.upper_cdgd, initiative=initiative, action="nominate")
    initiative.refresh_from_db()
    assert scoring.scheme_for(initiative) == hb_scheme  # nominated to Hòa Bình: its council


# ── Assigning ────────────────────────────────────────────────────────────────────────────


def test_only_council_members_of_the_unit_or_above_may_be_assigned(cast, council, scheme):
    initiative = confirmed(cast)
    assert set(scoring.eligible_scorers(scheme)) == {council.cdgd, council.hb, cast.author}
    for outsider in (council.school, council.hn, cast.officer):
        with pytest.raises(ValidationError):
            assign(cast, scheme, initiative, outsider)
    assert not ScoringAssignment.objects.exists()


def test_an_author_is_never_assigned_their_own_entry(cast, council, scheme):
    initiative = confirmed(cast)
    result = assign(cast, scheme, initiative, council.cdgd, cast.author)
    assert result.created == 1 and len(result.skipped) == 1
    assert "là tác giả" in result.skipped[0][1]
    assert list(ScoringAssignment.objects.values_list("scorer", flat=True)) == [council.cdgd.pk]


def test_assigning_in_bulk_reaches_every_entry_waiting_at_that_level_and_nothing_else(cast, council, scheme,
                                                                                       client_for):
    waiting = [confirmed(cast, f"Chờ {n}") for n in range(3)]
    submitted = drive(make_initiative(unit=cast.tree.school, created_by=cast.author), cast, "submitted")
    client = client_for(cast.upper_cdgd)
    page = reverse("initiatives:scoring_assign", args=[cast.tree.cdgd.code])
    body = client.get(page).content.decode()
    assert "Chờ 0" in body and "Chờ 2" in body

    response = client.post(page, {"scorer": [council.cdgd.pk, council.hb.pk], "all": "1"})
    assert response.status_code == 302
    assigned = set(ScoringAssignment.objects.values_list("initiative_id", "scorer_id"))
    assert assigned == {(i.pk, s.pk) for i in waiting for s in (council.cdgd, council.hb)}
    assert submitted.pk not in {pk for pk, _s in assigned}
    assert AuditEvent.objects.filter(action="scoring.assign").count() == 6
    # once more changes nothing
    client.post(page, {"scorer": [council.cdgd.pk], "all": "1"})
    assert ScoringAssignment.objects.count() == 6


def test_assigning_to_all_costs_the_same_statements_for_two_entries_or_six(cast, council, scheme):
    def statements(entries):
        ScoringAssignment.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = scoring.scorers_assign(acting_user=cast.upper_cdgd, scheme=scheme, initiatives=entries,
                                            scorers=[council.cdgd, council.hb])
        assert result.created == 2 * len(entries)
        return len(queries)

    entries = [confirmed(cast, f"Chờ {n}") for n in range(6)]
    assert statements(entries[:2]) == statements(entries)
    audited = {e.subject_id for e in AuditEvent.objects.filter(action="scoring.assign")}
    assert {str(pk) for pk in ScoringAssignment.objects.values_list("pk", flat=True)} <= audited


def test_assigning_needs_a_scorer_and_an_entry(cast, council, scheme, client_for):
    initiative = confirmed(cast)
    client = client_for(cast.upper_cdgd)
    page = reverse("initiatives:scoring_assign", args=[cast.tree.cdgd.code])
    no_scorer = client.post(page, {"pick": [initiative.pk]})
    assert no_scorer.status_code == 400 and "ít nhất một thành viên hội đồng" in no_scorer.content.decode()
    no_entry = client.post(page, {"scorer": [council.cdgd.pk]})
    assert no_entry.status_code == 400 and "chưa chọn sáng kiến" in no_entry.content.decode()
    assert not ScoringAssignment.objects.exists()


# ── Scoring ──────────────────────────────────────────────────────────────────────────────


def test_an_assigned_member_scores_and_revises_each_change_audited(cast, council, scheme):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    assert council.cdgd.has_perm("initiatives.score_initiative", initiative)

    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 25, "30.5", 20),
                         comment="Tốt")
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 20, 30, 20))

    assignment = ScoringAssignment.objects.get()
    assert assignment.total == D("70") and assignment.scored_at is not None
    assert sorted(CriterionScore.objects.values_list("points", flat=True)) == [20, 20, 30]
    events = list(AuditEvent.objects.filter(action__in=["scoring.score", "scoring.rescore"]).order_by("pk"))
    assert [e.action for e in events] == ["scoring.score", "scoring.rescore"]
    assert events[1].data["previous"] == "75.5" and events[1].data["total"] == "70"
    assert all(e.actor == council.cdgd and e.unit == cast.tree.cdgd for e in events)


@pytest.mark.parametrize(("values", "words"), [
    ((31, 40, 30), "phải từ 0 đến 30"),
    ((-1, 40, 30), "phải từ 0 đến 30"),
    ((10, "30.25", 30), "một chữ số thập phân"),
])
def test_a_score_outside_its_range_is_refused_and_nothing_is_saved(cast, council, scheme, values, words):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    with pytest.raises(ValidationError) as refused:
        scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, *values))
    assert words in " ".join(refused.value.messages)
    assert not CriterionScore.objects.exists()
    assert ScoringAssignment.objects.get().scored_at is None


def test_the_score_form_reads_vietnamese_decimals_and_explains_errors(cast, council, scheme, client_for):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    client = client_for(council.cdgd)
    url = reverse("initiatives:score", args=[initiative.pk])
    ids = [f"c{c.pk}" for c in scheme.criteria.all()]
    page = client.get(url).content.decode()
    assert 'inputmode="decimal"' in page and "Từ 0 đến 40 điểm" in page

    bad = client.post(url, {ids[0]: "ba mươi", ids[1]: "41", ids[2]: ""})
    body = bad.content.decode()
    assert bad.status_code == 400
    # every wrong cell in one round, each naming its criterion (the summary has no field beside it)
    assert "Điểm tiêu chí “Tính mới, sáng tạo”: nhập bằng số" in body
    assert "Điểm tiêu chí “Hiệu quả kinh tế, xã hội” phải từ 0 đến 40" in body
    assert "Hãy cho điểm tiêu chí “Khả năng áp dụng”, từ 0 đến 30" in body
    assert 'value="ba mươi"' in body and 'value="41"' in body  # what was typed stays
    assert not CriterionScore.objects.exists()

    over = client.post(url, {ids[0]: "30", ids[1]: "41", ids[2]: "3"})
    assert over.status_code == 400 and "phải từ 0 đến 40" in over.content.decode()

    good = client.post(url, {ids[0]: "22,5", ids[1]: "30", ids[2]: "20", "comment": f"Nhận xét {HOSTILE}"})
    assert good.status_code == 302
    assert ScoringAssignment.objects.get().total == D("72.5")


def test_scoring_is_refused_to_the_unassigned_the_author_and_outside_the_subtree(cast, council, scheme, client_for):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd, council.hb)
    # an author who sits on the council: assigned by hand around the service, still refused
    ScoringAssignment.objects.create(scheme=scheme, initiative=initiative, scorer=cast.author,
                                     assigned_by=cast.upper_cdgd)
    # a member whose council role moved to another province no longer reaches the entry
    Membership.objects.filter(user=council.hb).delete()
    grant(council.hb, cast.tree.ha_noi, Role.COUNCIL)
    council.hb.__dict__.pop("_roles_cache", None)

    for person, words in ((council.school, "không được phân công"), (cast.author, "là tác giả"),
                          (council.hb, "không còn là thành viên"), (cast.upper_cdgd, "không được phân công")):
        assert not person.has_perm("initiatives.score_initiative", initiative)
        with pytest.raises(PermissionDenied) as refused:
            scoring.score_submit(acting_user=person, initiative=initiative, points=points(scheme, 1, 1, 1))
        assert words in refused.value.message
    response = client_for(council.school).post(reverse("initiatives:score", args=[initiative.pk]), {})
    assert response.status_code in (403, 404)
    assert not CriterionScore.objects.exists()


def test_a_draft_is_not_scored_and_a_decided_entry_no_longer_revised(cast, council, scheme):
    draft = make_initiative(unit=cast.tree.school, created_by=cast.author)
    with pytest.raises(PermissionDenied) as refused:
        scoring.score_submit(acting_user=council.cdgd, initiative=draft, points={})
    assert "Bản nháp" in refused.value.message

    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 10, 10, 10))
    initiative_move(acting_user=cast.upper_cdgd, initiative=initiative, action="approve")
    initiative.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 30, 40, 30))
    assert "đã được quyết định" in refused.value.message
    assert ScoringAssignment.objects.get().total == 30


# ── The maths, and what the approver sees ────────────────────────────────────────────────


def test_the_average_is_over_those_who_scored_and_passes_at_the_mark(cast, council, scheme):
    initiative = confirmed(cast)
    extra = UserFactory()
    grant(extra, cast.tree.cdgd, Role.COUNCIL)
    assign(cast, scheme, initiative, council.cdgd, council.hb, extra)
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 20, "29.5", 0))
    scoring.score_submit(acting_user=council.hb, initiative=initiative, points=points(scheme, 20, "30.4", 0))

    summary = scoring.summary_for(initiative, scheme)
    assert (summary.assigned, summary.scored, summary.total_max) == (3, 2, 100)
    assert summary.average == D("49.95") and summary.passed is False  # not rounded up into a pass
    assert summary.average_vn == "49,95"
    row = scoring.summaries_for([initiative])[initiative.pk]
    assert (row.average, row.scored, row.assigned, row.passed) == (D("49.95"), 2, 3, False)

    scoring.score_submit(acting_user=extra, initiative=initiative, points=points(scheme, 30, 40, 30))
    summary = scoring.summary_for(initiative, scheme)
    assert summary.average == D("66.63") and summary.passed is True  # (49.5 + 50.4 + 100) / 3


def test_nobody_scored_yet_means_no_average(cast, council, scheme):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    summary = scoring.summary_for(initiative, scheme)
    assert (summary.average, summary.passed, summary.scored, summary.assigned) == (None, None, 0, 1)


def test_the_detail_page_shows_the_scores_to_the_approver_only(cast, council, scheme, client_for):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd, council.hb)
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 20, 30, 20),
                         comment=f"Ý kiến {HOSTILE}")
    url = reverse("initiatives:detail", args=[initiative.pk])

    approver = client_for(cast.upper_cdgd).get(url).content.decode()
    assert "Điểm trung bình: <strong>70</strong>/100" in approver
    assert "1/2 người đã chấm" in approver and "Đạt (từ 50)" in approver
    assert HOSTILE not in approver and "Ý kiến &lt;script&gt;" in approver

    # any upper-level officer above the CĐCS may approve, so sees them too
    assert "Điểm trung bình" in client_for(cast.upper_hb).get(url).content.decode()
    for who in (cast.officer, cast.author, council.hb, council.cdgd, cast.other_member):
        page = client_for(who).get(url).content.decode()
        assert "Điểm trung bình" not in page, who.full_name
    scorer = client_for(council.cdgd).get(url).content.decode()
    assert "Sửa điểm của tôi" in scorer
    assert "Chấm điểm" in client_for(council.hb).get(url).content.decode()
    assert "Chấm điểm hội đồng" not in client_for(council.school).get(url).content.decode()


def test_the_approvers_waiting_list_has_the_average_column_at_a_constant_cost(cast, council, scheme, client_for):
    client = client_for(cast.upper_cdgd)
    url = reverse("initiatives:waiting")

    def cost():
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        return len(queries), body

    first = confirmed(cast, "Một")
    assign(cast, scheme, first, council.cdgd)
    scoring.score_submit(acting_user=council.cdgd, initiative=first, points=points(scheme, 10, 20, 10))
    few, body = cost()
    assert "Điểm hội đồng" in body and "<strong>40</strong>" in body and "Chưa đạt" in body
    for n in range(4):
        other = confirmed(cast, f"Thêm {n}")
        assign(cast, scheme, other, council.cdgd, council.hb)
        scoring.score_submit(acting_user=council.hb, initiative=other, points=points(scheme, 30, 30, 30))
    many, body = cost()
    assert body.count("Đạt</span>") == 4
    assert many == few


# ── The scorer's queue ───────────────────────────────────────────────────────────────────


def test_the_queue_lists_what_waits_for_me_and_drops_what_was_decided(cast, council, scheme, client_for):
    first, second = confirmed(cast, f"Đầu {HOSTILE}"), confirmed(cast, "Thứ hai")
    other = confirmed(cast, "Người khác chấm")
    assign(cast, scheme, first, council.cdgd)
    assign(cast, scheme, second, council.cdgd)
    assign(cast, scheme, other, council.hb)
    scoring.score_submit(acting_user=council.cdgd, initiative=second, points=points(scheme, 1, 1, 1))
    client = client_for(council.cdgd)
    queue = reverse("initiatives:scoring_queue")

    body = client.get(queue).content.decode()
    assert "Người khác chấm" not in body
    assert body.index("Đầu &lt;script&gt;") < body.index("Thứ hai")  # unscored first
    assert HOSTILE not in body and "Sửa điểm" in body

    initiative_move(acting_user=cast.upper_cdgd, initiative=first, action="reject", comment="Chưa đạt")
    assert "Đầu" not in client.get(queue).content.decode()


def test_the_queue_costs_the_same_queries_for_one_row_or_many(cast, council, scheme, client_for):
    client = client_for(council.cdgd)
    url = reverse("initiatives:scoring_queue")

    def cost():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    assign(cast, scheme, confirmed(cast, "Một"), council.cdgd)
    one = cost()
    for n in range(5):
        item = confirmed(cast, f"Thêm {n}")
        assign(cast, scheme, item, council.cdgd)
        if n % 2:
            scoring.score_submit(acting_user=council.cdgd, initiative=item, points=points(scheme, 1, 2, 3))
    assert cost() == one


# ── Account deletion (accounts.services.register_authored_records) ───────────────────────


def test_authors_and_scorers_have_records_that_outlive_their_account(cast, council, scheme):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    co_author = UserFactory()
    make_initiative(unit=cast.tree.school, created_by=cast.officer,
                    authors=[{"full_name": "Đồng tác giả", "user": co_author, "share": 100}])

    assert authored_initiatives(cast.author)  # entered and wrote one
    assert authored_initiatives(co_author)  # named as an author by an officer
    assert authored_initiatives(cast.officer)  # entered one on someone's behalf
    assert not authored_initiatives(council.cdgd)  # assigned, nothing scored yet
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 1, 1, 1))
    assert authored_initiatives(council.cdgd)
    assert not authored_initiatives(cast.other_member)


def test_deleting_an_authors_account_waits_for_an_administrator(cast):
    make_initiative(unit=cast.tree.school, created_by=cast.author)
    request = account_services.data_request_create(acting_user=cast.author, kind=DataRequest.Kind.DELETE)
    cast.author.refresh_from_db()
    assert request.status == DataRequest.Status.PENDING and cast.author.is_active

    gone = account_services.data_request_create(acting_user=cast.other_member, kind=DataRequest.Kind.DELETE)
    cast.other_member.refresh_from_db()
    assert gone.status == DataRequest.Status.DONE and not cast.other_member.is_active


# ── The demo ─────────────────────────────────────────────────────────────────────────────


def test_the_demo_upper_union_scores_waiting_entries_and_seeding_twice_adds_nothing(db, client):
    import io

    from django.core.management import call_command

    from sangkien.core.demo import data

    call_command("seed_demo", stdout=io.StringIO())
    scheme = ScoringScheme.objects.get(unit__code=data.DEMO_UPPER_CODE)
    assert [c.max_points for c in scheme.criteria.all()] == [30, 40, 30] and scheme.pass_mark == 50
    council = ScoringAssignment.objects.filter(scorer__email=f"hoidong@{data.DEMO_DOMAIN}")
    assert council.count() == 10 and council.filter(scored_at__isnull=False).count() == 7
    counts = (ScoringAssignment.objects.count(), CriterionScore.objects.count(), AuditEvent.objects.count())

    call_command("seed_demo", stdout=io.StringIO())
    assert (ScoringAssignment.objects.count(), CriterionScore.objects.count(), AuditEvent.objects.count()) == counts

    client.login(username=f"canbo.captren@{data.DEMO_DOMAIN}", password=data.DEMO_PASSWORD)
    waiting = client.get(reverse("initiatives:waiting")).content.decode()
    assert "Điểm hội đồng" in waiting and "2/2 người đã chấm" in waiting


# ── Bỏ phân công (unassigning a scorer) ──────────────────────────────────────────────────


def test_an_unscored_assignment_is_taken_back_and_audited(cast, council, scheme):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd, council.hb)
    taken = ScoringAssignment.objects.get(scorer=council.cdgd)

    scoring.scorer_unassign(acting_user=cast.upper_hb, assignment=taken)  # an officer above may too

    assert list(ScoringAssignment.objects.values_list("scorer", flat=True)) == [council.hb.pk]
    event = AuditEvent.objects.get(action="scoring.unassign")
    assert event.actor == cast.upper_hb and event.unit == cast.tree.cdgd
    assert event.subject_id == str(taken.pk)
    assert event.data == {"initiative": initiative.pk, "scorer": council.cdgd.pk}
    assert not council.cdgd.has_perm("initiatives.score_initiative", initiative)


def test_a_scored_assignment_is_not_taken_back_so_the_average_keeps_it(cast, council, scheme):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    scoring.score_submit(acting_user=council.cdgd, initiative=initiative, points=points(scheme, 20, 30, 20))

    with pytest.raises(PermissionDenied) as refused:
        scoring.scorer_unassign(acting_user=cast.upper_cdgd, assignment=ScoringAssignment.objects.get())

    assert "đã chấm sáng kiến này nên không bỏ phân công được" in refused.value.message
    assert scoring.summary_for(initiative, scheme).average == D(70)
    assert not AuditEvent.objects.filter(action="scoring.unassign").exists()


@pytest.mark.parametrize("who", ["officer", "upper_hn", "author"])
def test_only_the_schemes_managers_take_an_assignment_back(cast, council, scheme, who):
    assign(cast, scheme, confirmed(cast), council.cdgd)
    with pytest.raises(PermissionDenied):
        scoring.scorer_unassign(acting_user=getattr(cast, who), assignment=ScoringAssignment.objects.get())
    assert ScoringAssignment.objects.count() == 1


def test_the_assign_page_lists_who_scores_and_unassigns_the_unscored(cast, council, scheme, client_for):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd, council.hb)
    scoring.score_submit(acting_user=council.hb, initiative=initiative, points=points(scheme, 20, 30, 20))
    pending = ScoringAssignment.objects.get(scorer=council.cdgd)
    scored = ScoringAssignment.objects.get(scorer=council.hb)
    client = client_for(cast.upper_cdgd)
    code = cast.tree.cdgd.code
    page = client.get(reverse("initiatives:scoring_assign", args=[code])).content.decode()

    assert "1/2 người đã chấm" in page
    assert reverse("initiatives:scoring_unassign", args=[code, pending.pk]) in page
    assert reverse("initiatives:scoring_unassign", args=[code, scored.pk]) not in page
    assert HOSTILE not in page  # the scorers' names are escaped

    refused = client.post(reverse("initiatives:scoring_unassign", args=[code, scored.pk]), follow=True)
    assert "không bỏ phân công được" in refused.content.decode()
    done = client.post(reverse("initiatives:scoring_unassign", args=[code, pending.pk]), {"page": "1"})
    assert done.status_code == 302 and done["Location"].endswith("page=1")
    assert list(ScoringAssignment.objects.values_list("pk", flat=True)) == [scored.pk]
    # a GET changes nothing; another unit's officer finds no such page
    assert client.get(reverse("initiatives:scoring_unassign", args=[code, scored.pk])).status_code == 405
    other = client_for(cast.upper_hn).post(reverse("initiatives:scoring_unassign", args=[code, scored.pk]))
    assert other.status_code == 404
    # an assignment of another unit's scheme is not reached through this unit's address
    school_scheme = scoring.scheme_save(acting_user=cast.officer, unit=cast.tree.school, campaign=scheme.campaign,
                                        pass_mark=D(5), criteria=rows(10))
    entry = drive(make_initiative(unit=cast.tree.school, created_by=cast.author), cast, "submitted")
    theirs = scoring.scorers_assign(acting_user=cast.officer, scheme=school_scheme, initiatives=[entry],
                                    scorers=[council.cdgd])
    assert theirs.created == 1
    theirs_pk = ScoringAssignment.objects.get(scheme=school_scheme).pk
    wrong_unit = client.post(reverse("initiatives:scoring_unassign", args=[code, theirs_pk]))
    assert wrong_unit.status_code == 404 and ScoringAssignment.objects.filter(pk=theirs_pk).exists()


def test_a_failed_assignment_keeps_the_ticks(cast, council, scheme, client_for):
    initiative = confirmed(cast)
    client = client_for(cast.upper_cdgd)
    page = client.post(reverse("initiatives:scoring_assign", args=[cast.tree.cdgd.code]), {"pick": [initiative.pk]})
    body = page.content.decode()
    assert page.status_code == 400
    assert f'value="{initiative.pk}" id="pick-{initiative.pk}" checked' in body
    assert 'id="scorers-error"' in body and 'href="#scorers"' in body


# ── Bad input never costs a 500 ──────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", ["1e999999", "NaN", "Infinity", "-inf", "1,5,5", "0x10", "١٢", "7,5 điểm"])
def test_what_is_not_a_plain_number_is_not_read_as_points(text):
    with pytest.raises(ValueError):
        scoring.parse_points(text)


@pytest.mark.parametrize(("text", "value"), [("7,5", "7.5"), (" 7.5 ", "7.5"), ("-0", "0"), ("+5", "5"), ("30", "30")])
def test_points_are_read_the_vietnamese_way_or_with_a_dot(text, value):
    assert scoring.parse_points(text) == D(value) and str(scoring.parse_points(text)) != "-0"


@pytest.mark.parametrize(("field", "value", "words"), [
    ("pass_mark", "1e999999", "Nhập điểm đạt bằng số"),
    ("pass_mark", "0", "Điểm đạt phải lớn hơn 0"),
    ("criteria-0-max_points", "1e99999", "Nhập điểm tối đa bằng số"),
    ("criteria-0-max_points", "-5", "phải lớn hơn 0"),
    ("criteria-0-max_points", "9999999999", "vượt quá 1000 điểm"),
])
def test_the_scheme_page_answers_odd_numbers_with_a_message(cast, client_for, field, value, words):
    client = client_for(cast.upper_cdgd)
    url = reverse("initiatives:scoring_scheme", args=[cast.tree.cdgd.code])
    data = {"pass_mark": "50", "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0",
            "criteria-0-name": "Tính mới", "criteria-0-max_points": "60",
            "criteria-1-name": "Hiệu quả", "criteria-1-max_points": "40", field: value}
    page = client.post(url, data)
    assert page.status_code == 400 and words in page.content.decode()
    assert not ScoringScheme.objects.exists()


def test_a_negative_maximum_is_named_with_the_other_mistakes_in_one_round(cast, client_for):
    client = client_for(cast.upper_cdgd)
    url = reverse("initiatives:scoring_scheme", args=[cast.tree.cdgd.code])
    page = client.post(url, {"pass_mark": "năm mươi", "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0",
                             "criteria-0-name": "Tính mới", "criteria-0-max_points": "-5",
                             "criteria-1-name": "Hiệu quả", "criteria-1-max_points": ""}).content.decode()
    assert "Tiêu chí 1: Điểm tối đa của tiêu chí phải lớn hơn 0" in page
    assert "Tiêu chí 2: Hãy nhập điểm tối đa" in page and "Nhập điểm đạt bằng số" in page


@pytest.mark.parametrize("values", [("1e999999", "1e3", "NaN"), ("9999999999", "40", "30"), ("", "", "")])
def test_the_score_page_answers_odd_numbers_with_a_message(cast, council, scheme, client_for, values):
    initiative = confirmed(cast)
    assign(cast, scheme, initiative, council.cdgd)
    url = reverse("initiatives:score", args=[initiative.pk])
    data = {f"c{c.pk}": v for c, v in zip(scheme.criteria.all(), values, strict=True)}
    page = client_for(council.cdgd).post(url, data)
    assert page.status_code == 400 and "Có lỗi cần sửa" in page.content.decode()
    assert ScoringAssignment.objects.get().scored_at is None


def test_saving_scores_says_the_total_and_the_detail_page_offers_the_revision(cast, council, scheme, client_for):
    initiative = confirmed(cast, title=f"Bảng tương tác {HOSTILE}")
    assign(cast, scheme, initiative, council.cdgd)
    client = client_for(council.cdgd)
    url = reverse("initiatives:score", args=[initiative.pk])
    ids = [f"c{c.pk}" for c in scheme.criteria.all()]
    saved = client.post(url, {ids[0]: "22,5", ids[1]: "30", ids[2]: "20"}, follow=True).content.decode()
    assert "72,5/100" in saved and HOSTILE not in saved
    again = client.get(url).content.decode()
    assert "Bạn đã chấm: <strong>72,5</strong>/100" in again and "Lưu điểm đã sửa" in again


def test_scorers_are_listed_by_given_name_the_vietnamese_way(cast, scheme):
    for name in ("Nguyễn Văn Đức", "Trần Thị An", "Lê Văn Dũng"):
        grant(UserFactory(full_name=name), cast.tree.cdgd, Role.COUNCIL)
    names = [u.full_name for u in scoring.eligible_scorers(scheme)]
    assert names == ["Trần Thị An", "Lê Văn Dũng", "Nguyễn Văn Đức"]


def test_an_upper_officer_finds_a_unit_below_to_set_its_scheme_and_nothing_outside(cast, campaign, client_for):
    client = client_for(cast.upper_cdgd)
    page = reverse("initiatives:scoring_units")
    body = client.get(page, {"q": "thpt da bac"}).content.decode()  # no tone marks, đ as d
    scheme_link = reverse("initiatives:scoring_scheme", args=[cast.tree.school.code])
    assert scheme_link in body
    assert client.get(page, {"q": cast.tree.school2.code}).content.decode().count("/hoi-dong/") >= 1
    outside = client.get(page, {"q": "Cầu Giấy"}).content.decode()  # Hà Nội's school: not theirs
    assert reverse("initiatives:scoring_scheme", args=[cast.tree.hn_school.code]) not in outside
    assert "Không có đơn vị nào trong phạm vi của bạn" in outside
