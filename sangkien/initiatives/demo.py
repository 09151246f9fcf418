"""Demo initiatives for `seed_demo`: about 5,000 entries over the demo tree, in every state,
with a history of moves spread over the two phases, and the programme's targets scaled to
the demo tree. Written in bulk, then the counters are recounted from the records."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from sangkien.accounts.models import User
from sangkien.core.text import fold
from sangkien.orgs.models import Membership, Unit
from sangkien.orgs.roles import Role

from .models import (
    Author,
    Campaign,
    Field,
    Honour,
    Initiative,
    Scope,
    SolutionType,
    Status,
    Transition,
)

SEED = 147  # Kế hoạch 147/KH-CĐGD
TOTAL = 5000

ACTIONS = [("giảng dạy", "Ứng dụng"), ("quản lý", "Đổi mới"), ("", "Nâng cao hiệu quả")]
SUBJECTS = ["môn Toán", "môn Ngữ văn", "môn Tiếng Anh", "môn Lịch sử", "môn Địa lí", "môn Vật lí", "môn Hóa học",
            "môn Sinh học", "môn Tin học", "môn Giáo dục thể chất", "môn Âm nhạc", "môn Mĩ thuật",
            "hoạt động trải nghiệm", "giờ sinh hoạt lớp", "công tác chủ nhiệm", "bán trú", "thư viện trường",
            "công tác văn thư", "quản lý tài sản", "kế toán trường học", "y tế trường học", "tổ chuyên môn"]
METHODS = ["phần mềm Azota", "Google Forms", "nhóm Zalo phụ huynh", "bảng tương tác tự làm", "trò chơi học tập",
           "sơ đồ tư duy", "học liệu số tự xây dựng", "phương pháp dạy học dự án", "mô hình lớp học đảo ngược",
           "bộ thẻ học từ vật liệu tái chế", "kho đề kiểm tra trực tuyến", "phiếu học tập phân hóa",
           "lịch trực bán trú điện tử", "sổ điểm điện tử", "camera giám sát giờ ngủ trưa", "máy chiếu vật thể"]
PATTERNS = [
    "Sử dụng {method} trong dạy học {subject}",
    "Một số biện pháp nâng cao chất lượng {subject} bằng {method}",
    "Ứng dụng {method} trong {subject} ở trường vùng cao",
    "Đổi mới {subject} với {method}",
    "Tiết kiệm thời gian và chi phí cho {subject} nhờ {method}",
    "Kinh nghiệm tổ chức {subject} bằng {method} cho học sinh dân tộc thiểu số",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Bùi", "Đinh", "Quách", "Xa", "Hà", "Đỗ", "Vũ", "Lò", "Sa", "Bạch"]
MIDDLE = ["Thị", "Văn", "Thị Thu", "Minh", "Thị Hồng", "Đức", "Thị Ngọc", "Quang", "Thanh"]
GIVEN = ["Hương", "Lan", "Hà", "Thắng", "Dũng", "Hạnh", "Mai", "Tuấn", "Yến", "Đào", "Quyên", "Nga", "Sơn", "Hải",
         "Thảo", "Phương", "Linh", "Oanh", "Đông", "Chiến"]
POSITIONS = ["Giáo viên", "Tổ trưởng chuyên môn", "Phó Hiệu trưởng", "Nhân viên văn thư", "Kế toán", "Nhân viên y tế"]
# The path of moves to each final state, and how often each state ends up in the demo.
PATHS = {
    Status.DRAFT: [], Status.SUBMITTED: ["submit"], Status.WITHDRAWN: ["submit", "withdraw"],
    Status.RETURNED: ["submit", "return"], Status.REJECTED: ["submit", "reject"],
    Status.CONFIRMED: ["submit", "confirm"], Status.APPROVED: ["submit", "confirm", "approve"],
    Status.NOMINATED: ["submit", "confirm", "approve", "nominate"],
    Status.HONOURED: ["submit", "confirm", "approve", "nominate", "honour"],
}
WEIGHTS = {Status.DRAFT: 4, Status.SUBMITTED: 8, Status.WITHDRAWN: 2, Status.RETURNED: 4, Status.REJECTED: 3,
           Status.CONFIRMED: 14, Status.APPROVED: 47, Status.NOMINATED: 12, Status.HONOURED: 6}
SOURCE = {"submit": Status.DRAFT, "withdraw": Status.SUBMITTED, "return": Status.SUBMITTED,
          "reject": Status.SUBMITTED, "confirm": Status.SUBMITTED, "approve": Status.CONFIRMED,
          "nominate": Status.APPROVED, "honour": Status.NOMINATED}
TARGET = {"submit": Status.SUBMITTED, "withdraw": Status.WITHDRAWN, "return": Status.RETURNED,
          "reject": Status.REJECTED, "confirm": Status.CONFIRMED, "approve": Status.APPROVED,
          "nominate": Status.NOMINATED, "honour": Status.HONOURED}
COMMENTS = {"return": "Đề nghị bổ sung minh chứng áp dụng và số liệu hiệu quả.",
            "reject": "Sáng kiến chưa được Hội đồng sáng kiến của đơn vị công nhận."}
START = datetime.date(2022, 1, 8)
END = datetime.date(2023, 8, 25)


def _officer(unit, role, users_by_unit, made):
    """The officer who acts for `unit`: a demo account when there is one, else a quiet account."""
    key = (unit.pk, role)
    if key not in users_by_unit:
        user = User(full_name=f"Cán bộ {unit.short_name or unit.name}"[:200],
                    email=f"{role.replace('_', '.')}.{unit.code.lower()}@demo.sangkien.vn")
        user.set_unusable_password()
        made.append((user, unit, role))
        users_by_unit[key] = user
    return users_by_unit[key]


@transaction.atomic
def seed_initiatives(*, total=TOTAL):
    """Returns how many entries were made; 0 when the demo already has them."""
    campaign = Campaign.objects.get(code="01-trieu-sang-kien")
    if Initiative.objects.filter(campaign=campaign).exists():
        return 0
    rng = random.Random(SEED)
    schools = list(Unit.objects.filter(kind__code="grassroots").order_by("path"))
    units = {u.path: u for u in Unit.objects.all()}
    fields = list(Field.objects.all())
    phases = {p.number: p for p in campaign.phases.all()}
    users_by_unit = {(m.unit_id, m.role): m.user for m in Membership.objects.select_related("user")
                     .filter(role__in=[Role.OFFICER, Role.UPPER_OFFICER, Role.MEMBER])}
    made = []
    weights = [max(s.headcount, 5) for s in schools]
    states, state_weights = list(WEIGHTS), list(WEIGHTS.values())
    span = (END - START).days
    plan = []
    for n in range(total):
        school = rng.choices(schools, weights)[0]
        state = rng.choices(states, state_weights)[0]
        title = rng.choice(PATTERNS).format(method=rng.choice(METHODS), subject=rng.choice(SUBJECTS))
        if n % 7 == 0:
            title += f" tại {school.short_name or school.name}"
        day = START + datetime.timedelta(days=rng.randint(0, span - 90))
        plan.append((school, state, f"{title} ({n + 1})" if n >= 600 else title, day))
    entries, authors, moves = [], [], []
    tz = timezone.get_current_timezone()
    for school, state, title, day in plan:
        upper = units[school.path[:-Unit.steplen]]
        level_path = upper.path
        author_names = [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                        for _ in range(rng.choices([1, 2, 3], [6, 3, 1])[0])]
        shares = [100] if len(author_names) == 1 else ([60, 40] if len(author_names) == 2 else [50, 30, 20])
        entered_by = (users_by_unit.get((school.pk, Role.MEMBER)) if rng.random() < 0.3 else None) or \
            _officer(school, Role.OFFICER, users_by_unit, made)
        when = datetime.datetime.combine(day, datetime.time(8 + rng.randint(0, 9), rng.randint(0, 59)), tz)
        history = []
        for action in PATHS[state]:
            when += datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 5))
            if action in ("submit", "withdraw"):
                actor, acting = entered_by, school
            elif action in ("confirm", "return", "reject") and SOURCE[action] == Status.SUBMITTED:
                actor, acting = _officer(school, Role.OFFICER, users_by_unit, made), school
            elif action == "approve":
                actor, acting = _officer(upper, Role.UPPER_OFFICER, users_by_unit, made), upper
            else:  # nominate at the level holding it, honour at the level above
                level = units[level_path]
                actor, acting = _officer(level, Role.UPPER_OFFICER, users_by_unit, made), level
                if action == "nominate":
                    level_path = level_path[:-Unit.steplen] or level_path
            history.append((action, actor, acting, when))
        benefit = rng.choice([0, 0, 500_000, 1_200_000, 2_500_000, 5_000_000, 12_000_000, 30_000_000])
        entries.append(dict(
            title=title, unit=school, unit_path=school.path, campaign=campaign,
            phase=phases[1] if day <= datetime.date(2022, 5, 31) else phases[2],
            solution_type=rng.choice(SolutionType.values), field=rng.choice(fields),
            situation="Trước khi áp dụng, việc này làm thủ công, mất nhiều thời gian và học sinh ít hứng thú.",
            content=f"{title}. Sáng kiến xây dựng quy trình mới, áp dụng thử ở các lớp rồi nhân rộng toàn trường.",
            effect="Học sinh hứng thú hơn, kết quả học tập tiến bộ; giáo viên tiết kiệm thời gian chuẩn bị.",
            effect_summary="Tiết kiệm thời gian, nâng cao chất lượng.", benefit_vnd=benefit,
            scope=rng.choice([Scope.UNIT, Scope.UNIT, Scope.DISTRICT, Scope.PROVINCE]),
            first_used_on=day - datetime.timedelta(days=rng.randint(10, 120)),
            recognised_by=f"Hội đồng sáng kiến {school.short_name or school.name}",
            recognition_level="Cấp cơ sở", decision_number=f"{rng.randint(10, 250)}/QĐ-{school.code}",
            decision_date=day, confidential=rng.random() < 0.03, status=state,
            level_unit=units[level_path] if state in (Status.APPROVED, Status.NOMINATED, Status.HONOURED) else None,
            version=1 + len(history), status_changed_at=history[-1][3] if history else when,
            created_by=entered_by, author_names=author_names, shares=shares, history=history,
            created=when if not history else history[0][3] - datetime.timedelta(days=1),
        ))
    for user, _unit, _role in made:
        user.save()
    Membership.objects.bulk_create([Membership(user=u, unit=unit, role=r) for u, unit, r in made])
    rows = []
    for e in entries:
        item = Initiative(**{k: v for k, v in e.items() if k not in ("author_names", "shares", "history", "created")})
        item.title_folded = fold(item.title)
        item.search_text = fold(" ".join([item.title, *e["author_names"], item.content]))
        rows.append(item)
    created = Initiative.objects.bulk_create(rows, batch_size=500)
    for item, e in zip(created, entries, strict=True):
        for i, (name, share) in enumerate(zip(e["author_names"], e["shares"], strict=True)):
            authors.append(Author(initiative=item, full_name=name, share=share, position_in_list=i,
                                  birth_year=rng.randint(1965, 1999), position=POSITIONS[i % len(POSITIONS)],
                                  workplace=e["unit"].name))
        for action, actor, acting, when in e["history"]:
            moves.append(Transition(initiative=item, action=action, from_status=SOURCE[action],
                                    to_status=TARGET[action], actor=actor, unit=acting,
                                    comment=COMMENTS.get(action, ""), created_at=when))
    Author.objects.bulk_create(authors, batch_size=1000)
    Honour.objects.bulk_create([
        Honour(initiative=t.initiative, unit=t.unit, title=f"Giấy khen của {t.unit.short_name or t.unit.name}",
               decision_number=f"{rng.randint(100, 900)}/QĐ-{t.unit.code}", decision_date=t.created_at.date())
        for t in moves if t.action == "honour"
    ])
    Transition.objects.bulk_create(moves, batch_size=1000)
    # created_at is auto_now_add: set the real entry dates afterwards, in one pass per batch.
    for item, e in zip(created, entries, strict=True):
        item.created_at = e["created"]
    Initiative.objects.bulk_update(created, ["created_at"], batch_size=500)
    return len(created)


# The programme's real targets: 1,000,000 initiatives for about 10 million members (10%), of
# which 300,000 in phase 1 (3%). The demo applies the same shares to its own members.
CAMPAIGN_SHARE, PHASE1_SHARE = 10, 3


@transaction.atomic
def seed_targets():
    """Targets for every unit of the demo tree, scaled from the real ones; returns how many were new."""
    from sangkien.progress.models import Target

    campaign = Campaign.objects.get(code="01-trieu-sang-kien")
    units = list(Unit.objects.select_related("kind").order_by("path"))
    members = {}
    for unit in reversed(units):  # children before parents in reversed path order
        members[unit.path] = members.get(unit.path, 0) + unit.headcount
        parent = unit.path[:-Unit.steplen]
        if parent:
            members[parent] = members.get(parent, 0) + members[unit.path]
    existing = set(Target.objects.filter(campaign=campaign).values_list("unit_id", "phase_no"))
    new = []
    for unit in units:
        for phase_no, share in ((0, CAMPAIGN_SHARE), (1, PHASE1_SHARE)):
            if (unit.pk, phase_no) in existing:
                continue
            if unit.kind.code == "grassroots":
                new.append(Target(unit=unit, campaign=campaign, phase_no=phase_no, kind=Target.Kind.SHARE,
                                  value=share))
            else:
                new.append(Target(unit=unit, campaign=campaign, phase_no=phase_no, kind=Target.Kind.ABSOLUTE,
                                  value=max(1, round(members[unit.path] * share / 100))))
    Target.objects.bulk_create(new, batch_size=1000)
    return len(new)


# Council scoring for the demo: the Hòa Bình education union scores the entries waiting for its
# approval, so the demo upper-level officer sees averages beside "Duyệt".
SCORING_CRITERIA = [("Tính mới", "Tính mới, sáng tạo so với cách làm trước đây", 30),
                    ("Hiệu quả", "Hiệu quả kinh tế, xã hội mang lại", 40),
                    ("Khả năng áp dụng", "Khả năng áp dụng, nhân rộng", 30)]
SCORED_ENTRIES = 10


@transaction.atomic
def seed_scoring():
    """A scheme for CĐGD Hòa Bình, two council members (the demo council account and one more)
    assigned to its oldest waiting entries, some scored. Returns how many scores were entered;
    0 when the scheme already exists (the demo is seeded once)."""
    from decimal import Decimal

    from sangkien.core.demo import data

    from . import scoring
    from .models import ScoringScheme

    campaign = Campaign.objects.get(code="01-trieu-sang-kien")
    upper_unit = Unit.objects.get(code=data.DEMO_UPPER_CODE)
    if ScoringScheme.objects.filter(unit=upper_unit, campaign=campaign).exists():
        return 0
    officer = User.objects.get(email=f"canbo.captren@{data.DEMO_DOMAIN}")
    council = User.objects.get(email=f"hoidong@{data.DEMO_DOMAIN}")
    second = User.objects.filter(email=f"council.{upper_unit.code.lower()}@{data.DEMO_DOMAIN}").first()
    if second is None:
        second = User(full_name="Hà Văn Toàn", position="Trưởng ban Tuyên giáo CĐGD tỉnh",
                      email=f"council.{upper_unit.code.lower()}@{data.DEMO_DOMAIN}")
        second.set_unusable_password()
        second.save()
    for person in (council, second):
        Membership.objects.get_or_create(user=person, unit=upper_unit, role=Role.COUNCIL)
        person.__dict__.pop("_roles_cache", None)
    scheme = scoring.scheme_save(
        acting_user=officer, unit=upper_unit, campaign=campaign, pass_mark=Decimal(50),
        criteria=[scoring.CriterionRow(g, n, Decimal(m)) for g, n, m in SCORING_CRITERIA])
    waiting = list(scoring.waiting_at(scheme).filter(status=Status.CONFIRMED).exclude(created_by__in=[council, second])
                   .prefetch_related("authors").order_by("status_changed_at", "pk")[:SCORED_ENTRIES])
    scoring.scorers_assign(acting_user=officer, scheme=scheme, initiatives=waiting, scorers=[council, second])
    rng = random.Random(SEED)
    criteria = list(scheme.criteria.all())
    scored = 0
    for n, initiative in enumerate(waiting):
        for person in (council, second) if n < 4 else (council,) if n < 7 else ():
            # most entries pass; a few fall short of 50, as councils' sheets do
            share = rng.choice([0.35, 0.45, 0.6, 0.7, 0.75, 0.8, 0.9])
            points = {c.pk: (c.max_points * Decimal(str(share))).quantize(Decimal(1)) for c in criteria}
            scoring.score_submit(acting_user=person, initiative=initiative, points=points,
                                 comment="Sáng kiến có tính thực tiễn, cần bổ sung số liệu đối chứng." if n % 3 == 0
                                 else "")
            scored += 1
    return scored
