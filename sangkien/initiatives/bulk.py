"""Confirm or approve several entries at once: each one its own move, its own transaction.

One refusal does not undo the others; each entry gets its own outcome. The entry is moved
only if it is still the version the officer saw on the list, so an entry someone else
moved in the meantime is reported as such, not moved again.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lists import BULK_ACTIONS
from .models import Initiative
from .presenting import present
from .workflow import MoveRefused, StaleMove, initiative_move

MAX_PICKS = 100

DONE = "done"
REFUSED = "refused"
STALE = "stale"
OUTCOME_LABELS = {
    DONE: gettext_lazy("Đã xử lý"),
    REFUSED: gettext_lazy("Không thực hiện được"),
    STALE: gettext_lazy("Đã có người khác xử lý"),
}


@dataclass
class Outcome:
    pk: int
    title: str
    result: str
    reason: str = ""
    initiative: object = None

    @property
    def label(self):
        return OUTCOME_LABELS[self.result]


def parse_picks(values):
    """["12:3", …] (id:version as the list showed it) -> [(12, 3), …]; junk is dropped."""
    picks = []
    for value in values:
        pk, _sep, version = str(value).partition(":")
        if pk.isdigit() and version.isdigit() and (int(pk), int(version)) not in picks:
            picks.append((int(pk), int(version)))
    return picks[:MAX_PICKS]


def initiatives_bulk_move(*, acting_user, picks, action):
    """Make `action` on each (pk, version_seen) in `picks`; returns one Outcome per pick."""
    if action not in BULK_ACTIONS:
        raise ValueError(action)
    found = (Initiative.objects.select_related("unit", "level_unit", "campaign")
             .prefetch_related("authors").in_bulk([pk for pk, _v in picks]))
    outcomes = []
    for pk, seen_version in picks:
        initiative = found.get(pk)
        if initiative is None or not acting_user.has_perm("initiatives.view", initiative):
            outcomes.append(Outcome(pk, _("Sáng kiến số %(pk)s") % {"pk": pk}, REFUSED,
                                    _("Không tìm thấy sáng kiến hoặc bạn không có quyền xem.")))
            continue
        title = present(initiative, acting_user).title
        if initiative.version != seen_version:
            outcomes.append(Outcome(pk, title, STALE, str(StaleMove.message), initiative))
            continue
        try:
            initiative_move(acting_user=acting_user, initiative=initiative, action=action)
        except StaleMove:
            outcomes.append(Outcome(pk, title, STALE, str(StaleMove.message), initiative))
        except MoveRefused as exc:
            outcomes.append(Outcome(pk, title, REFUSED, str(exc.message), initiative))
        except ValidationError as exc:
            outcomes.append(Outcome(pk, title, REFUSED, " ".join(str(m) for m in exc.messages), initiative))
        else:
            outcomes.append(Outcome(pk, title, DONE, "", initiative))
    return outcomes
