def test_healthz_answers_after_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_subtree_query_stays_inside_the_subtree(tree):
    from sangkien.orgs.models import Unit

    codes = set(Unit.objects.subtree_of(tree.cdgd).values_list("code", flat=True))
    assert codes == {"HB-GD", "HB-GD-001", "HB-GD-002", "HB-GD-001-T1"}
    assert [u.code for u in tree.section.ancestors()] == ["TLD", "HB", "HB-GD", "HB-GD-001"]
