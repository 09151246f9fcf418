"""`{% rows_table %}`: the one table of initiatives that lists and queues show.

Written here rather than in a template: a page has 25 rows, and the template's per-row
lookups, tags and translations cost ~100 µs a row (~3 ms a page, as much as the rest of the
list's own work); built here a row costs ~15 µs. The markup is the one `_partials/rows.html`
had, column for column: the same headers, data-labels (the cards on a phone), hidden labels
and messages. Every value goes through `_e` (the escaping Django's templates apply, without
its lazy-string wrapper, which cost more than the escaping); translated sentences keep their
msgids ("Chọn “%(title)s”" …), so the catalogue is unchanged.

The rows come from `lists.present_rows`; the columns follow the context's flags: may_move,
show_unit, show_status, show_next, show_days, show_scores, show_actions.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

FLAGS = (
    "may_move",
    "show_unit",
    "show_status",
    "show_next",
    "show_days",
    "show_scores",
    "show_actions",
)


def _e(value):
    """A value as Django's autoescape writes it (None and "" as nothing)."""
    return "" if value is None else escape(str(value))


def _sentence(text, **values):
    """A translated sentence with escaped values, as {% blocktranslate with … %} renders it."""
    return text % {k: _e(v) for k, v in values.items()}


@register.simple_tag(takes_context=True)
def rows_table(context):
    on = {flag: bool(context.get(flag)) for flag in FLAGS}
    words = {
        key: _e(text)
        for key, text in (
            ("title", _("Tên sáng kiến")),
            ("unit", _("Đơn vị")),
            ("status", _("Trạng thái")),
            ("next", _("Bước tiếp theo")),
            ("days", _("Đã chờ")),
            ("benefit", _("Giá trị làm lợi")),
            ("scores", _("Điểm hội đồng")),
            ("actions", _("Xử lý")),
            ("secret", _("Mật")),
            ("not_public", _("Không công khai")),
            ("passed", _("Đạt")),
            ("failed", _("Chưa đạt")),
            ("not_scored", _("Không chấm")),
            ("more", _("Trả lại, không duyệt hoặc khen thưởng…")),
        )
    }
    # the sentences each row fills in, translated once
    words["pick"] = _("Chọn “%(title)s”")
    words["rewards"] = _("Khen thưởng: %(rewards)s")
    words["level"] = _("tại %(level)s")
    words["comment"] = _("Ý kiến: %(comment)s")
    head = [
        '<div class="table-wrap">\n<table class="rows">\n',
        f'  <caption class="visually-hidden">{_e(_("Danh sách sáng kiến"))}</caption>\n',
        "  <thead>\n    <tr>\n",
    ]
    if on["may_move"]:
        head.append(
            f'      <th scope="col"><span class="visually-hidden">{_e(_("Chọn"))}</span></th>\n'
        )
    head.append(f'      <th scope="col">{words["title"]}</th>\n')
    for flag, name in (("show_unit", "unit"), ("show_status", "status"), ("show_next", "next")):
        if on[flag]:
            head.append(f'      <th scope="col">{words[name]}</th>\n')
    head.append(
        f'      <th scope="col" class="num">{words["days" if on["show_days"] else "benefit"]}</th>\n'
    )
    for flag, name in (("show_scores", "scores"), ("show_actions", "actions")):
        if on[flag]:
            head.append(f'      <th scope="col">{words[name]}</th>\n')
    head.append("    </tr>\n  </thead>\n  <tbody>\n")
    body = [_row(row, on, words) for row in context.get("rows") or ()]
    tail = "  </tbody>\n</table>\n</div>\n"
    return mark_safe("".join(head) + "".join(body) + tail)  # noqa: S308 (every value escaped by _e)


def _row(row, on, w):
    out = ["    <tr>\n"]
    pk, version = _e(row.pk), _e(row.version)
    if on["may_move"]:
        pick = ""
        if row.quick_moves:
            pick = (
                f'\n        <div class="checkbox"><input type="checkbox" name="pick" value="{pk}:{version}"'
                f' id="pick-{pk}">\n        <label for="pick-{pk}"><span class="visually-hidden">'
                f"{_sentence(w['pick'], title=row.title)}</span></label></div>\n      "
            )
        out.append(f'      <td class="pick">{pick}</td>\n')
    if row.redacted:
        meta = ""
        if row.effect_summary:
            meta += f'<span class="row-meta">{_e(row.effect_summary)}</span>'
        if row.rewards:
            meta += f'<span class="row-meta">{_sentence(w["rewards"], rewards=row.rewards)}</span>'
    else:
        meta = f'<span class="row-meta">{_e(row.author_names)}</span>'
    secret = f' <span class="tag">{w["secret"]}</span>' if row.confidential else ""
    out.append(
        f'      <td class="cell-title" data-label="{w["title"]}">\n'
        f'        <a class="row-title" href="{_e(row.url)}">{_e(row.title)}</a>{secret}\n'
        f"        {meta}\n      </td>\n"
    )
    if on["show_unit"]:
        out.append(f'      <td data-label="{w["unit"]}">{_e(row.unit_name)}</td>\n')
    if on["show_status"]:
        level = ""
        if row.level_name and row.status == "nominated":
            level = f'<span class="row-meta">{_sentence(w["level"], level=row.level_name)}</span>'
        out.append(
            f'      <td data-label="{w["status"]}"><span class="tag status-{_e(row.status)}">'
            f"{_e(row.status_label)}</span>{level}</td>\n"
        )
    if on["show_next"]:
        comment = ""
        if row.last_comment and row.status in ("returned", "rejected"):
            comment = (
                f'<span class="row-meta">{_sentence(w["comment"], comment=row.last_comment)}</span>'
            )
        out.append(f'      <td data-label="{w["next"]}">{_e(row.next_step)}{comment}</td>\n')
    if on["show_days"]:
        days = _sentence(
            ngettext("%(days)s ngày", "%(days)s ngày", row.days_waiting), days=row.days_waiting
        )
        out.append(f'      <td data-label="{w["days"]}" class="num">{days}</td>\n')
    else:
        benefit = (
            f'<span class="muted">{w["not_public"]}</span>'
            if row.redacted
            else _e(row.benefit_text)
        )
        out.append(f'      <td data-label="{w["benefit"]}" class="num">{benefit}</td>\n')
    if on["show_scores"]:
        out.append(f'      <td data-label="{w["scores"]}">{_scores(row.scores, w)}</td>\n')
    if on["show_actions"]:
        buttons = "".join(
            f'<button type="submit" class="button" name="one" value="{pk}:{version}:'
            f'{_e(move.action)}">{_e(move.label)}</button>'
            for move in row.quick_moves
        )
        more = (
            f'<a href="{_e(row.url)}">{w["more"]}</a>'
            if len(row.moves) > len(row.quick_moves)
            else ""
        )
        out.append(
            f'      <td data-label="{w["actions"]}" class="row-actions">\n        {buttons}\n'
            f"        {more}\n      </td>\n"
        )
    out.append("    </tr>\n")
    return "".join(out)


def _scores(scores, w):
    if not scores:
        return f'<span class="muted">{w["not_scored"]}</span>'
    verdict = ""
    if scores.average is not None:
        tag = (
            f'<span class="tag tag-pass tag-approved">{w["passed"]}</span>'
            if scores.passed
            else f'<span class="tag tag-fail tag-rejected">{w["failed"]}</span>'
        )
        verdict = f"<strong>{_e(scores.average_vn)}</strong> {tag}"
    scored = _sentence(
        _("%(scored)s/%(assigned)s người đã chấm"), scored=scores.scored, assigned=scores.assigned
    )
    return f'{verdict}<span class="row-meta">{scored}</span>'
