"""Forms of council scoring: the scheme (criteria rows and pass mark) and one scorer's sheet.

Points are typed the Vietnamese way ("7,5") or with a dot; both are read (scoring.parse_points).
The rules themselves (limits, sums, locks) live in scoring.py; these forms read input and ask
scoring.py's checks about each field, so that every wrong cell is named in one round, beside
its field (the services check again, and alone decide).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .scoring import (
    CriterionRow,
    max_points_problem,
    parse_points,
    pass_mark_problem,
    points_problem,
    points_vn,
)

POINTS_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "input-points"}
EXTRA_ROWS = 3


def _points(form, name, message):
    try:
        return parse_points(form.cleaned_data.get(name, ""))
    except ValueError:
        form.add_error(name, message)
        return None


class SchemeForm(forms.Form):
    pass_mark = forms.CharField(label=_("Điểm đạt"), max_length=10,
                                help_text=_("Sáng kiến đạt khi điểm trung bình của hội đồng từ mức này trở lên, "
                                            "ví dụ 50 trên thang 100."),
                                widget=forms.TextInput(attrs=POINTS_ATTRS),
                                error_messages={"required": _("Hãy nhập điểm đạt, ví dụ 50.")})

    def clean_pass_mark(self):
        try:
            value = parse_points(self.cleaned_data["pass_mark"])
        except ValueError:
            raise forms.ValidationError(_("Nhập điểm đạt bằng số, ví dụ 50 hoặc 50,5.")) from None
        if problem := pass_mark_problem(value):
            raise forms.ValidationError(problem)
        return value


class CriterionForm(forms.Form):
    group = forms.CharField(label=_("Nhóm tiêu chí"), max_length=200, required=False)
    name = forms.CharField(label=_("Tiêu chí"), max_length=300, required=False)
    max_points = forms.CharField(label=_("Điểm tối đa"), max_length=10, required=False,
                                 widget=forms.TextInput(attrs=POINTS_ATTRS))

    def clean(self):
        data = super().clean()
        data["max_points"] = _points(self, "max_points", _("Nhập điểm tối đa bằng số, ví dụ 30."))
        if data["max_points"] is not None and (problem := max_points_problem(data["max_points"])):
            self.add_error("max_points", problem)
        if data.get("max_points") is not None and not (data.get("name") or "").strip():
            self.add_error("name", _("Hãy nhập tên tiêu chí."))
        if (data.get("name") or "").strip() and data.get("max_points") is None and "max_points" not in self.errors:
            self.add_error("max_points", _("Hãy nhập điểm tối đa của tiêu chí, ví dụ 30."))
        return data

    def is_blank(self):
        return not any((self.cleaned_data.get(k) or "") for k in ("group", "name")) and \
            self.cleaned_data.get("max_points") is None


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0)

# What most initiative councils in the education sector use (Tính mới, Hiệu quả, Khả năng áp
# dụng), offered when a unit sets its first scheme; every row may be changed.
STARTER = [
    {"group": "Tính mới", "name": "Tính mới, sáng tạo so với cách làm trước đây", "max_points": "30"},
    {"group": "Hiệu quả", "name": "Hiệu quả kinh tế, xã hội mang lại", "max_points": "40"},
    {"group": "Khả năng áp dụng", "name": "Khả năng áp dụng, nhân rộng", "max_points": "30"},
]


def criterion_initial(scheme):
    if scheme is None:
        rows = list(STARTER)
    else:
        rows = [{"group": c.group, "name": c.name, "max_points": points_vn(c.max_points)}
                for c in scheme.criteria.all()]
    return rows + [{} for _n in range(EXTRA_ROWS)]


def criteria_rows(formset):
    """The filled rows of a valid formset, as scoring.CriterionRow (blank rows dropped)."""
    return [CriterionRow(group=f.cleaned_data.get("group", ""), name=f.cleaned_data.get("name", ""),
                         max_points=f.cleaned_data.get("max_points"))
            for f in formset.forms if not f.is_blank()]


class ScoreForm(forms.Form):
    """One field per criterion (named c<id>), 0..max, and an optional comment."""

    comment = forms.CharField(label=_("Nhận xét"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for c in criteria:
            fields[f"c{c.pk}"] = forms.CharField(
                label=c.name, max_length=10,
                help_text=_("Từ 0 đến %(max)s điểm") % {"max": points_vn(c.max_points)},
                widget=forms.TextInput(attrs=POINTS_ATTRS),
                error_messages={"required": _("Hãy cho điểm tiêu chí “%(name)s”, từ 0 đến %(max)s.")
                                % {"name": c.name, "max": points_vn(c.max_points)}},
            )
        # criteria first, the comment last
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment
        self.submit_required = set(fields)

    def clean(self):
        data = super().clean()
        for c in self.criteria:
            name = f"c{c.pk}"
            if name in data:
                data[name] = _points(self, name, _("Điểm tiêu chí “%(name)s”: nhập bằng số, ví dụ 25 hoặc 7,5.")
                                     % {"name": c.name})
                if name not in self.errors:
                    problem = points_problem(data[name], name=c.name, maximum=c.max_points)
                    if problem:
                        self.add_error(name, problem)
        return data

    def points(self):
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}

    def groups(self):
        """[(group name, [bound fields])] in the scheme's order, for fieldsets."""
        out = []
        for c in self.criteria:
            if not out or out[-1][0] != c.group:
                out.append((c.group, []))
            out[-1][1].append(self[f"c{c.pk}"])
        return out
