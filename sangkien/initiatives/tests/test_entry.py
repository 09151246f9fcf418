"""Entering an initiative: the sectioned form, autosave, authors, submitting."""

import datetime

import pytest
from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.forms import VnDateField, VndField
from sangkien.initiatives.models import Author, Campaign, Initiative, Status, Transition
from sangkien.initiatives.workflow import initiative_move

from .entry_fixtures import HOSTILE, authors_data, general_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return Campaign.objects.get(code="01-trieu-sang-kien")


def section_url(initiative, slug):
    return reverse("initiatives:edit_section", args=[initiative.pk, slug])


def bare_draft(cast, campaign, user=None, **fields):
    from sangkien.initiatives.services import initiative_create

    data = {"title": "Bản nháp chưa đủ", "campaign": campaign}
    data.update(fields)
    return initiative_create(acting_user=user or cast.author, unit=cast.tree.school, data=data, authors=[])


# The first section ---------------------------------------------------------------------------


def test_a_member_with_one_cdcs_finds_it_chosen(cast, client_for):
    response = client_for(cast.author).get(reverse("initiatives:create"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["unit"] == cast.tree.school.pk
    assert list(form.fields["unit"].queryset) == [cast.tree.school]
    html = response.content.decode()
    assert "Từ 01/9/2021 đến 01/9/2023".lower() in html.lower()
    assert 'id="save-status"' in html and 'aria-live="polite"' in html


def test_an_officer_chooses_among_the_cdcs_of_their_subtree(cast, client_for):
    response = client_for(cast.upper_cdgd).get(reverse("initiatives:create"))

    units = set(response.context["form"].fields["unit"].queryset)
    assert units == {cast.tree.school, cast.tree.school2}


def test_someone_without_a_union_is_told_how_to_get_one(cast, client_for):
    response = client_for(cast.nobody).get(reverse("initiatives:create"))

    assert response.status_code == 403
    assert "chưa thuộc công đoàn cơ sở" in response.content.decode()


def test_the_first_section_saves_an_incomplete_draft_and_goes_on_to_authors(cast, campaign, client_for):
    response = client_for(cast.author).post(reverse("initiatives:create"),
                                            general_data(cast.tree.school, campaign, next="1"))

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response.url == section_url(initiative, "tac-gia")
    assert initiative.status == Status.DRAFT
    assert initiative.created_by == cast.author
    assert initiative.unit == cast.tree.school
    assert initiative.solution_type == "" and initiative.first_used_on is None


def test_a_unit_outside_the_members_reach_is_refused(cast, campaign, client_for):
    response = client_for(cast.author).post(reverse("initiatives:create"),
                                            general_data(cast.tree.school2, campaign))

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_title_is_needed_to_start(cast, campaign, client_for):
    response = client_for(cast.author).post(reverse("initiatives:create"),
                                            general_data(cast.tree.school, campaign, title="  "))

    html = response.content.decode()
    assert 'href="#id_title"' in html and "Nhập tên sáng kiến." in html
    assert not Initiative.objects.exists()


def test_an_officer_enters_on_behalf_of_an_author_without_an_account(cast, campaign, client_for):
    client = client_for(cast.officer)
    client.post(reverse("initiatives:create"), general_data(cast.tree.school, campaign))
    initiative = Initiative.objects.get()

    response = client.post(section_url(initiative, "tac-gia"), authors_data(
        {"full_name": "Bùi Thị Hoa", "birth_year": "1980", "position": "Giáo viên", "workplace": "Tổ Toán",
         "share": "100"}))

    assert response.status_code == 302
    author = Author.objects.get(initiative=initiative)
    assert (author.full_name, author.birth_year, author.user, author.share) == ("Bùi Thị Hoa", 1980, None, 100)
    assert initiative.created_by == cast.officer


# Every field of the record -------------------------------------------------------------------


def test_every_section_saves_its_fields(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    client = client_for(cast.author)
    field = initiative.campaign.phases.first()  # noqa: F841 - phases exist
    from sangkien.initiatives.models import Field

    teaching = Field.objects.get(code="giang-day")
    client.post(section_url(initiative, "thong-tin-chung"), general_data(
        cast.tree.school, campaign, title="Sổ tay điện tử", first_used_on="15/7/2022",
        solution_type="technical", field=str(teaching.pk), confidential="on"))
    client.post(section_url(initiative, "noi-dung"), {"situation": "Trước đây", "content": "Nội dung mới"})
    client.post(section_url(initiative, "hieu-qua"), {"effect": "Tiết kiệm", "effect_summary": "Nhanh hơn",
                                                      "benefit_vnd": "2.500.000", "scope": "district"})
    response = client.post(section_url(initiative, "cong-nhan"), {
        "recognised_by": "Trường THPT Đà Bắc", "recognition_level": "Cấp cơ sở", "decision_number": "25/QĐ-THPT",
        "decision_date": "20/8/2022", "rewards": "Giấy khen"})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Sổ tay điện tử"
    assert initiative.first_used_on == datetime.date(2022, 7, 15)
    assert initiative.phase.number == 2  # follows the first-use date
    assert (initiative.solution_type, initiative.field, initiative.confidential) == ("technical", teaching, True)
    assert (initiative.situation, initiative.content) == ("Trước đây", "Nội dung mới")
    assert (initiative.effect, initiative.effect_summary, initiative.benefit_vnd, initiative.scope) == (
        "Tiết kiệm", "Nhanh hơn", 2_500_000, "district")
    assert (initiative.recognised_by, initiative.recognition_level, initiative.decision_number) == (
        "Trường THPT Đà Bắc", "Cấp cơ sở", "25/QĐ-THPT")
    assert initiative.decision_date == datetime.date(2022, 8, 20)
    assert initiative.rewards == "Giấy khen"


def test_the_phase_follows_a_changed_date_unless_chosen(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    client = client_for(cast.author)
    phase1, phase2 = campaign.phases.order_by("number")
    url = section_url(initiative, "thong-tin-chung")

    client.post(url, general_data(cast.tree.school, campaign, first_used_on="01/3/2022"))
    initiative.refresh_from_db()
    assert initiative.phase == phase1
    client.post(url, general_data(cast.tree.school, campaign, first_used_on="01/10/2022", phase=str(phase1.pk)))
    initiative.refresh_from_db()
    assert initiative.phase == phase2  # the date moved; the phase shown was the old automatic one


@pytest.mark.parametrize("typed, expected", [
    ("1.500.000", 1_500_000), ("1500000", 1_500_000), ("1 500 000", 1_500_000), ("1.500.000 đ", 1_500_000),
    ("1.500.000đ", 1_500_000), ("", 0), ("0", 0), (" 250.000 ", 250_000), ("12.345.678.900", 12_345_678_900),
])
def test_money_reads_the_vietnamese_ways_of_writing_it(typed, expected):
    assert VndField(required=False).clean(typed) == expected


@pytest.mark.parametrize("typed", ["1,5", "1.5", "1.50.000", "-5", "abc", "1.500,00", "1.500.000.000.000.000.000"])
def test_money_refuses_what_is_not_a_whole_amount(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        VndField(required=False).clean(typed)
    assert "1.500.000" in caught.value.messages[0] or "quá lớn" in caught.value.messages[0]


@pytest.mark.parametrize("typed, expected", [
    ("03/6/2022", datetime.date(2022, 6, 3)), ("3/6/2022", datetime.date(2022, 6, 3)),
    ("03-06-2022", datetime.date(2022, 6, 3)), ("03.06.2022", datetime.date(2022, 6, 3)),
    ("2022-06-03", datetime.date(2022, 6, 3)),
])
def test_dates_read_day_month_year(typed, expected):
    assert VnDateField(required=False).clean(typed) == expected


@pytest.mark.parametrize("typed, message", [
    ("6/3", "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 03/6/2022."),
    ("hôm qua", "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 03/6/2022."),
    ("31/02/2022", "không có thật"),
])
def test_dates_that_do_not_read_say_how_to_write_them(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        VnDateField(required=False).clean(typed)
    assert message in caught.value.messages[0]


@pytest.mark.parametrize("typed, ok", [
    ("01/9/2021", True), ("01/9/2023", True), ("31/8/2021", False), ("02/9/2023", False),
])
def test_the_first_use_must_fall_inside_the_campaign_window(cast, campaign, client_for, typed, ok):
    initiative = bare_draft(cast, campaign)
    response = client_for(cast.author).post(section_url(initiative, "thong-tin-chung"),
                                            general_data(cast.tree.school, campaign, first_used_on=typed))
    initiative.refresh_from_db()
    if ok:
        assert response.status_code == 302
        assert initiative.first_used_on is not None
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert "phải trong thời gian của chương trình, từ 01/9/2021 đến 01/9/2023" in html
        assert 'href="#id_first_used_on"' in html
        assert initiative.first_used_on is None


# Autosave ------------------------------------------------------------------------------------


def test_the_first_autosave_creates_the_draft_and_later_ones_update_it(cast, campaign, client_for):
    client = client_for(cast.author)
    data = general_data(cast.tree.school, campaign, title="Góc học tập xanh", initiative="")

    first = client.post(reverse("initiatives:autosave_new"), data, HTTP_HX_REQUEST="true")

    initiative = Initiative.objects.get()
    assert first["X-Draft-Saved"] == "1"
    assert first["HX-Push-Url"] == section_url(initiative, "thong-tin-chung")
    html = first.content.decode()
    assert "Đã lưu lúc" in html
    assert f'id="draft-id" value="{initiative.pk}" hx-swap-oob="true"' in html

    data.update(initiative=str(initiative.pk), title="Góc học tập xanh, sạch")
    second = client.post(reverse("initiatives:autosave_new"), data, HTTP_HX_REQUEST="true")

    assert second["X-Draft-Saved"] == "1"
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().title == "Góc học tập xanh, sạch"


def test_autosave_waits_for_a_title_before_creating_anything(cast, campaign, client_for):
    response = client_for(cast.author).post(reverse("initiatives:autosave_new"),
                                            general_data(cast.tree.school, campaign, title=""))

    assert not Initiative.objects.exists()
    assert "X-Draft-Saved" not in response
    assert "khi đã có tên sáng kiến" in response.content.decode()


def test_autosave_keeps_what_is_valid_and_says_what_was_not_saved(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign, benefit_vnd=300_000)
    response = client_for(cast.author).post(
        reverse("initiatives:autosave", args=[initiative.pk, "hieu-qua"]),
        {"effect": "Học sinh hứng thú hơn", "effect_summary": "", "benefit_vnd": "1,5", "scope": "unit"})

    initiative.refresh_from_db()
    assert initiative.effect == "Học sinh hứng thú hơn" and initiative.scope == "unit"
    assert initiative.benefit_vnd == 300_000  # the unreadable amount did not overwrite the saved one
    html = response.content.decode()
    assert "Đã lưu lúc" in html and "Chưa lưu:" in html and "Giá trị làm lợi" in html


def test_autosave_of_authors_keeps_rows_even_before_shares_add_up(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    client_for(cast.author).post(reverse("initiatives:autosave", args=[initiative.pk, "tac-gia"]),
                                 authors_data({"full_name": "Lò Văn Minh", "share": "60"}, {"full_name": "Đinh"}))

    assert list(initiative.authors.values_list("full_name", "share")) == [("Lò Văn Minh", 60), ("Đinh", 0)]


@pytest.mark.parametrize("who", ["other_member", "officer", "officer_sibling"])
def test_autosave_is_refused_to_anyone_but_the_author(cast, campaign, client_for, in_state, who):
    for initiative in (bare_draft(cast, campaign), in_state("returned")):
        before = initiative.content
        response = client_for(getattr(cast, who)).post(
            reverse("initiatives:autosave", args=[initiative.pk, "noi-dung"]), {"content": "Chen vào"})

        assert "X-Draft-Saved" not in response
        assert response.status_code in (200, 404)  # told it cannot save, or nothing there to save
        initiative.refresh_from_db()
        assert initiative.content == before


def test_autosave_after_submitting_saves_nothing(cast, campaign, client_for):
    initiative = make_initiative(unit=cast.tree.school, created_by=cast.author)
    initiative_move(acting_user=cast.author, initiative=initiative, action="submit")

    response = client_for(cast.author).post(
        reverse("initiatives:autosave", args=[initiative.pk, "noi-dung"]), {"content": "Sửa sau khi gửi"})

    assert "X-Draft-Saved" not in response
    assert "Không lưu được" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.content != "Sửa sau khi gửi"


# Who may edit --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["author", "other_member", "officer", "officer_sibling", "upper_cdgd"])
def test_only_the_person_who_entered_it_may_edit_a_draft(cast, campaign, client_for, who):
    initiative = bare_draft(cast, campaign)
    client = client_for(getattr(cast, who))
    allowed = who == "author"

    for response in (client.get(reverse("initiatives:edit", args=[initiative.pk])),
                     client.get(section_url(initiative, "noi-dung")),
                     client.post(section_url(initiative, "noi-dung"), {"content": "Chen vào"})):
        if allowed:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code in (403, 404)  # a draft is not even shown to others
    initiative.refresh_from_db()
    assert (initiative.content == "Chen vào") == allowed


@pytest.mark.parametrize("who, code", [
    ("author", 200), ("other_member", 403), ("officer", 403), ("officer_sibling", 404), ("upper_cdgd", 403),
])
def test_a_returned_entry_is_edited_only_by_its_author_though_others_may_see_it(cast, client_for, in_state,
                                                                                who, code):
    initiative = in_state("returned")
    client = client_for(getattr(cast, who))

    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == code
    assert client.get(section_url(initiative, "noi-dung")).status_code == code
    response = client.post(section_url(initiative, "noi-dung"), {"content": "Chen vào"})
    assert response.status_code == (302 if code == 200 else code)
    initiative.refresh_from_db()
    assert (initiative.content == "Chen vào") == (code == 200)


def test_a_co_author_with_an_account_may_edit_too(cast, campaign, client_for):
    initiative = make_initiative(unit=cast.tree.school, created_by=cast.officer, authors=[
        {"full_name": "Đồng tác giả", "user": cast.other_member, "share": 100}])

    assert client_for(cast.other_member).get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 200


def test_a_submitted_entry_is_not_editable_and_a_returned_one_is(cast, in_state, client_for):
    client = client_for(cast.author)
    submitted = make_initiative(unit=cast.tree.school, created_by=cast.author)
    initiative_move(acting_user=cast.author, initiative=submitted, action="submit")
    assert client.get(reverse("initiatives:edit", args=[submitted.pk])).status_code == 403

    returned = in_state("returned")
    response = client.get(reverse("initiatives:edit", args=[returned.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ý kiến khi trả lại" in html and "Lý do cụ thể" in html
    assert "Gửi lại sau khi bổ sung" in html


# Authors -------------------------------------------------------------------------------------


def test_shares_must_add_up_to_100(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    response = client_for(cast.author).post(section_url(initiative, "tac-gia"), authors_data(
        {"full_name": "Lò Văn Minh", "share": "60"}, {"full_name": "Hà Thị Lan", "share": "30"}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "phải bằng 100% (đang là 90%)" in html and 'href="#authors"' in html
    assert initiative.authors.count() == 2  # kept, to be fixed


def test_authors_whose_shares_add_up_go_on_to_the_next_section(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    response = client_for(cast.author).post(section_url(initiative, "tac-gia"), authors_data(
        {"full_name": "Lò Văn Minh", "share": "60", "birth_year": "1979"}, {"full_name": "Hà Thị Lan", "share": "40"},
        {}))

    assert response.status_code == 302 and response.url == section_url(initiative, "noi-dung")
    assert list(initiative.authors.values_list("full_name", "share", "birth_year")) == [
        ("Lò Văn Minh", 60, 1979), ("Hà Thị Lan", 40, None)]


def test_a_row_without_a_name_or_share_is_pointed_at(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    response = client_for(cast.author).post(section_url(initiative, "tac-gia"), authors_data(
        {"full_name": "", "share": "100", "position": "Giáo viên"}, {"full_name": "Hà Thị Lan", "share": "abc"}))

    html = response.content.decode()
    assert 'href="#id_authors-0-full_name"' in html and "Nhập họ và tên tác giả." in html
    assert 'href="#id_authors-1-share"' in html and "Tỷ lệ đóng góp là một số từ 1 đến 100." in html


def test_i_am_the_author_adds_me_linked_to_my_account(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    response = client_for(cast.author).post(section_url(initiative, "tac-gia"),
                                            {**authors_data({}), "action": "add_me"})

    assert response.status_code == 200
    author = initiative.authors.get()
    assert (author.user, author.full_name, author.share) == (cast.author, cast.author.full_name, 100)
    assert "Tôi là tác giả" not in response.content.decode()


def test_i_am_the_author_takes_the_share_the_others_left(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    client_for(cast.author).post(section_url(initiative, "tac-gia"),
                                 {**authors_data({"full_name": "Hà Thị Lan", "share": "30"}), "action": "add_me"})

    assert list(initiative.authors.values_list("full_name", "share")) == [
        ("Hà Thị Lan", 30), (cast.author.full_name, 70)]


def test_nobody_can_link_someone_elses_account_by_hand(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    client_for(cast.author).post(section_url(initiative, "tac-gia"), authors_data(
        {"user": cast.other_member.pk, "full_name": "Người khác", "share": "100"}))

    author = initiative.authors.get()
    assert author.user is None  # named, but not given the other person's account (and its rights)


def test_adding_and_removing_rows_works_without_javascript_and_as_a_fragment(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    client = client_for(cast.author)
    rows = authors_data({"full_name": "Lò Văn Minh", "share": "100"})

    page = client.post(section_url(initiative, "tac-gia"), {**rows, "action": "add_row"})
    assert page.context["formset"].total_form_count() == 2
    assert "<html" in page.content.decode()
    assert page.context["formset"].forms[1].fields["full_name"].widget.attrs.get("autofocus")

    fragment = client.post(section_url(initiative, "tac-gia"), {**rows, "action": "add_row"},
                           HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and 'id="authors"' in fragment.content.decode()

    two = authors_data({"full_name": "Lò Văn Minh", "share": "50"}, {"full_name": "Hà Thị Lan", "share": "50"})
    client.post(section_url(initiative, "tac-gia"), {**two, "action": "remove-0"}, HTTP_HX_REQUEST="true")
    assert list(initiative.authors.values_list("full_name", flat=True)) == ["Hà Thị Lan"]


# Similar titles -------------------------------------------------------------------------------


def test_similar_titles_ignore_tone_marks_and_split_this_unit_from_others(cast, client_for):
    here = make_initiative(unit=cast.tree.school, created_by=cast.author,
                           title="Đổi mới sinh hoạt tổ chuyên môn theo nghiên cứu bài học")
    there = make_initiative(unit=cast.tree.school2, created_by=cast.officer_sibling,
                            title="Đổi mới sinh hoạt chuyên môn theo nghiên cứu bài học ở tiểu học")
    unseen = make_initiative(unit=cast.tree.hn_school, created_by=cast.upper_hn,
                             title="Đổi mới sinh hoạt tổ chuyên môn theo nghiên cứu bài học")
    for item, who in ((here, cast.author), (there, cast.officer_sibling), (unseen, cast.upper_hn)):
        initiative_move(acting_user=who, initiative=item, action="submit")  # sent: others may see them

    response = client_for(cast.upper_cdgd).get(reverse("initiatives:similar"), {
        "title": "doi moi sinh hoat to chuyen mon nghien cuu bai hoc", "unit": str(cast.tree.school.pk)},
        HTTP_HX_REQUEST="true")

    assert [i.pk for i in response.context["here"]] == [here.pk]
    assert [i.pk for i in response.context["elsewhere"]] == [there.pk]
    html = response.content.decode()
    assert "Trong đơn vị" in html and "Ở đơn vị khác" in html and "trùng nhau" in html
    assert reverse("initiatives:detail", args=[unseen.pk]) not in html


def test_a_similar_confidential_entry_shows_only_its_title(cast, client_for):
    secret = make_initiative(unit=cast.tree.school, created_by=cast.officer, confidential=True,
                             title="Quy trình chấm thi trắc nghiệm bằng điện thoại", effect_summary="Nhanh",
                             authors=[{"full_name": "Tác giả mật", "share": 100}])
    initiative_move(acting_user=cast.officer, initiative=secret, action="submit")

    response = client_for(cast.other_member).get(reverse("initiatives:similar"), {
        "title": "Chấm thi trắc nghiệm bằng điện thoại", "unit": str(cast.tree.school.pk)})

    html = response.content.decode()
    assert secret.title in html and "sáng kiến mật" in html
    assert cast.tree.school.display_name not in html and "Chờ CĐCS" not in html


def test_no_similar_titles_for_a_word_or_two(cast, client_for):
    make_initiative(unit=cast.tree.school, created_by=cast.author, title="Sổ tay điện tử")
    response = client_for(cast.author).get(reverse("initiatives:similar"), {"title": "sổ"})

    assert response.context["here"] == [] and response.context["elsewhere"] == []


# Submitting ----------------------------------------------------------------------------------


def test_submitting_an_incomplete_draft_lists_what_is_missing_with_links(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign)
    response = client_for(cast.author).post(reverse("initiatives:submit", args=[initiative.pk]))

    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="{section_url(initiative, "noi-dung")}#id_content"' in html
    assert f'href="{section_url(initiative, "tac-gia")}#authors"' in html
    assert f'href="{section_url(initiative, "thong-tin-chung")}#id_solution_type"' in html
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_submitting_a_complete_draft_says_what_happens_next(cast, client_for):
    initiative = make_initiative(unit=cast.tree.school, created_by=cast.author)
    client = client_for(cast.author)

    response = client.post(reverse("initiatives:submit", args=[initiative.pk]))

    assert response.status_code == 302 and response.url == reverse("initiatives:submitted", args=[initiative.pk])
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "Việc tiếp theo" in page and cast.tree.school.name in page and "thông báo" in page
    assert HOSTILE not in page and "<script>alert(1)</script>" not in page


def test_a_returned_entry_is_sent_again(cast, in_state, client_for):
    initiative = in_state("returned")
    client_for(cast.author).post(reverse("initiatives:submit", args=[initiative.pk]))

    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert Transition.objects.filter(initiative=initiative).last().action == "resubmit"


@pytest.mark.parametrize("who", ["other_member", "officer", "officer_sibling"])
def test_only_the_author_may_submit(cast, client_for, who):
    initiative = make_initiative(unit=cast.tree.school, created_by=cast.author)
    response = client_for(getattr(cast, who)).post(reverse("initiatives:submit", args=[initiative.pk]))

    assert response.status_code in (403, 404)
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_the_task_list_shows_done_and_missing_sections(cast, campaign, client_for):
    initiative = bare_draft(cast, campaign, content="Đã có nội dung")
    response = client_for(cast.author).get(reverse("initiatives:edit", args=[initiative.pk]))

    states = {t["section"].slug: t["state"] for t in response.context["tasks"]}
    assert states == {"thong-tin-chung": "todo", "tac-gia": "todo", "noi-dung": "done", "hieu-qua": "todo",
                      "cong-nhan": "optional", "tep-minh-chung": "optional"}


def test_with_very_many_cdcs_the_unit_is_typed_as_its_code(cast, campaign, client_for, monkeypatch):
    monkeypatch.setattr("sangkien.initiatives.forms.MAX_UNIT_CHOICES", 1)
    client = client_for(cast.upper_cdgd)
    page = client.get(reverse("initiatives:create")).content.decode()
    assert 'name="unit"' in page and "Mã công đoàn cơ sở" in page and "<select name=\"unit\"" not in page

    refused = client.post(reverse("initiatives:create"), {**general_data(cast.tree.school, campaign), "unit": "HN-001"})
    assert "Không có CĐCS nào có mã này trong phạm vi của bạn." in refused.content.decode()

    client.post(reverse("initiatives:create"), {**general_data(cast.tree.school, campaign), "unit": "HB-GD-002"})
    assert Initiative.objects.get().unit == cast.tree.school2
