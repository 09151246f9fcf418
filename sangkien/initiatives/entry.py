"""The entry journey: its sections, which of them are done, and the author rows.

Reads and form plumbing for views.py; the writes stay in services.py and attachments.py.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Unit, path_upper_bound

from .forms import AuthorFormSet, ContentForm, EffectForm, GeneralForm, RecognitionForm
from .rules import ENTRY_ROLES

AUTHORS_PREFIX = "authors"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form_class: type | None
    # Keys of services.completeness_errors that belong to this section; none = optional.
    required: frozenset = field(default_factory=frozenset)
    # Fields whose value makes an optional section "entered".
    fields: tuple = ()


SECTIONS = (
    Section("thong-tin-chung", _("Thông tin chung"), GeneralForm,
            frozenset({"title", "solution_type", "field", "first_used_on", "unit", "campaign"})),
    Section("tac-gia", _("Tác giả"), None, frozenset({"authors"})),
    Section("noi-dung", _("Nội dung"), ContentForm, frozenset({"situation", "content"})),
    Section("hieu-qua", _("Hiệu quả và giá trị làm lợi"), EffectForm,
            frozenset({"effect", "scope", "benefit_vnd", "effect_summary"})),
    Section("cong-nhan", _("Công nhận và khen thưởng"), RecognitionForm, frozenset(),
            ("recognised_by", "recognition_level", "decision_number", "decision_date", "rewards")),
    Section("tep-minh-chung", _("Tệp minh chứng"), None),
)
BY_SLUG = {s.slug: s for s in SECTIONS}
FIRST = SECTIONS[0]


def section_of(error_key):
    for section in SECTIONS:
        if error_key in section.required:
            return section
    return FIRST


def next_section(section):
    index = SECTIONS.index(section)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def section_url(initiative, section, anchor=""):
    url = reverse("initiatives:edit_section", args=[initiative.pk, section.slug])
    return f"{url}#{anchor}" if anchor else url


def error_links(initiative, errors):
    """[(message, url)] for an error summary: each completeness error links to its field."""
    links = []
    for key, message in errors.items():
        section = section_of(key)
        anchor = "authors" if key == "authors" else f"id_{key}"
        links.append((message, section_url(initiative, section, anchor)))
    return links


def task_list(initiative, errors, attachment_count):
    """Each section with its state: done, to do, or optional (entered or not)."""
    rows = []
    for section in SECTIONS:
        if section.required:
            state = "todo" if section.required & errors.keys() else "done"
        elif section.slug == "tep-minh-chung":
            state = "entered" if attachment_count else "optional"
        else:
            state = "entered" if any(getattr(initiative, f) for f in section.fields) else "optional"
        rows.append({"section": section, "state": state, "url": section_url(initiative, section)})
    return rows


def units_for_entry(user):
    """The grassroots unions (CĐCS) this user may enter initiatives for (rules.can_enter_for_unit):
    those in the subtrees of their roles, and the CĐCS above a section (tổ) they belong to."""
    grassroots = Unit.objects.filter(kind__code="grassroots")
    if not user.is_authenticated:
        return grassroots.none()
    if user.is_superuser:
        return grassroots
    paths = sorted({p for r, p in roles_of(user) if r in ENTRY_ROLES})
    q = Q(pk__in=[])
    for path in paths:
        part = Q(path__gte=path)
        upper = path_upper_bound(path)
        if upper:
            part &= Q(path__lt=upper)
        q |= part
    above = {p[:i] for p in paths for i in range(Unit.steplen, len(p), Unit.steplen)}
    return grassroots.filter(q | Q(path__in=above))


# Author rows -------------------------------------------------------------------------------


def allowed_author_users(user, initiative=None):
    """Accounts a row may link to: the person entering, and those already linked."""
    allowed = {user.pk: user}
    if initiative is not None and initiative.pk:
        for author in initiative.authors.select_related("user"):
            if author.user_id:
                allowed[author.user_id] = author.user
    return allowed


def author_initial(initiative):
    return [
        {"user": a.user_id, "full_name": a.full_name, "birth_year": a.birth_year, "position": a.position,
         "workplace": a.workplace, "share": a.share}
        for a in (initiative.authors.all() if initiative is not None and initiative.pk else [])
    ]


def unbound_authors(rows, *, allowed, blank_rows=1):
    """A formset showing `rows` and `blank_rows` empty ones (the no-JavaScript way to add)."""
    rows = list(rows) + [{} for _ in range(blank_rows)]
    formset = AuthorFormSet(initial=rows, prefix=AUTHORS_PREFIX, form_kwargs={"allowed_users": allowed})
    return formset


def bound_authors(data, *, allowed):
    return AuthorFormSet(data, prefix=AUTHORS_PREFIX, form_kwargs={"allowed_users": allowed})


def posted_rows(formset):
    """The rows as typed (raw strings), for re-showing after adding or removing one."""
    rows = []
    for form in formset.forms:
        raw = {name: form.data.get(form.add_prefix(name), "") for name in
               ("user", "full_name", "birth_year", "position", "workplace", "share")}
        rows.append(raw)
    return rows


def saveable_rows(formset):
    """The rows that may be saved now: every row with a name, each with what is valid of it."""
    formset.is_valid()
    rows = []
    for form in formset.forms:
        row = form.row()
        if row is not None:
            rows.append(row)
    return rows


def me_row(user, rows):
    """A row for the person entering: the share left over by the others (100 if alone)."""
    taken = 0
    for row in rows:
        try:
            taken += int(str(row.get("share") or 0).strip() or 0)
        except ValueError:
            pass
    return {"user": user.pk, "full_name": user.full_name, "birth_year": user.birth_year or "",
            "position": "", "workplace": "", "share": max(100 - taken, 1) if taken < 100 else ""}


def authors_context(formset, user, *, focus=None):
    """What the authors block shows besides the rows: the running total, whether "Tôi là tác
    giả" is still needed, and which row to focus after one was added."""
    total = 0
    me_listed = False
    for form in formset.forms:
        share = form["share"].value()
        try:
            total += int(str(share).strip()) if share not in (None, "") else 0
        except ValueError:
            pass
        if str(form["user"].value() or "") == str(user.pk):
            me_listed = True
    if focus is not None and focus < len(formset.forms):
        formset.forms[focus].fields["full_name"].widget.attrs["autofocus"] = True
    return {
        "share_total": total,
        "me_listed": me_listed,
        "formset_has_errors": formset.is_bound and any(form.errors for form in formset.forms),
    }
