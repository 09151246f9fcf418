"""Two officers act on the same entry at the same moment, on real separate connections."""

import threading

import pytest
from django.db import close_old_connections, connection

from sangkien.initiatives.models import Initiative, Status, Transition
from sangkien.initiatives.workflow import StaleMove, initiative_move


@pytest.mark.django_db(transaction=True)
def test_two_officers_confirming_at_once_make_exactly_one_move(cast, in_state):
    initiative = in_state("submitted")
    from sangkien.factories import UserFactory, grant
    from sangkien.orgs.roles import Role

    second_officer = UserFactory(full_name="second officer")
    grant(second_officer, cast.tree.school, Role.OFFICER)
    officers = [cast.officer, second_officer]
    actions = ["confirm", "return"]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(index):
        try:
            seen = Initiative.objects.get(pk=initiative.pk)  # each thread: its own connection
            barrier.wait(timeout=10)
            initiative_move(acting_user=officers[index], initiative=seen, action=actions[index],
                            comment="Thiếu minh chứng")
            outcomes.append("moved")
        except StaleMove:
            outcomes.append("stale")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["moved", "stale"]
    initiative.refresh_from_db()
    assert initiative.status in (Status.CONFIRMED, Status.RETURNED)
    assert initiative.version == 3  # created 1, submitted 2, one of the two moves 3
    assert Transition.objects.filter(initiative=initiative).exclude(action="submit").count() == 1
