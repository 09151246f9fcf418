"""A workflow move's writes as one database function (PostgreSQL): one round trip, not ten.

A move writes the entry's new status, its audit row, its queue row, and the counters,
author references, people, dashboard versions and weekly counters of every unit above the
entry. Sent one statement at a time, inside BEGIN … COMMIT, that was ten round trips, and
on the bench's two cores a round trip costs ~0.12 ms of CPU between the app and its backend
(docs/benchmarks.md, session 9): a tenth of a confirm's cost. Called alone, outside any
transaction, the function runs as one statement and commits as one; inside a transaction
(a move that also writes an honour or its own notices, the tests) it is part of it.

The function decides nothing. `initiatives.workflow` decides the move and computes every
counter row from the entry as it read it (`progress.counters.contributions`), as it does
for SQLite; the function writes those rows, in the order every writer locks the tables
(the entry, counters, author references, people, versions, weekly counters), maps the
units' paths to their ids with one read, and works out the change in people from the
author references' new values, which only the database knows at that moment (as
`progress.counters._apply_refs` does from its RETURNING).

It returns the audit row's id, the acting unit's id and the entry's level unit, or no
audit row when the entry no longer holds the status, version and unit path the move was
decided on (someone else moved it first): then it has written nothing.

SQLite has no such functions; its moves stay a sequence of statements, which cost no round
trip there.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION initiative_move_write(
    p_id bigint, p_from text, p_version integer, p_unit_path text, p_ancestors text[],
    p_to text, p_at timestamptz, p_set_level boolean, p_level_path text,
    p_action text, p_actor_id bigint, p_actor_path text, p_comment text, p_task jsonb,
    p_counter_paths text[], p_counter_campaigns bigint[], p_counter_phases integer[],
    p_counter_statuses text[], p_counter_counts integer[], p_counter_benefits bigint[],
    p_ref_campaigns bigint[], p_ref_keys text[], p_ref_deltas integer[],
    p_campaign bigint, p_week date, p_submitted integer, p_approved integer, p_confirmed integer,
    OUT out_transition_id bigint, OUT out_unit_id bigint, OUT out_level_unit_id bigint
) LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
    v_paths text[];
    v_level bigint;
BEGIN
    -- The entry's unit and every unit above it, in path order (the order rows are locked in).
    SELECT array_agg(u.id ORDER BY u.path), array_agg(u.path::text ORDER BY u.path)
      INTO v_ids, v_paths
      FROM orgs_unit u WHERE u.path = ANY (p_ancestors);
    IF p_set_level AND p_level_path IS NOT NULL THEN
        v_level := v_ids[array_position(v_paths, p_level_path)];
        IF v_level IS NULL THEN
            SELECT u.id INTO STRICT v_level FROM orgs_unit u WHERE u.path = p_level_path;
        END IF;
    END IF;

    UPDATE initiatives_initiative i
       SET status = p_to, status_changed_at = p_at, version = i.version + 1,
           level_unit_id = CASE WHEN p_set_level THEN v_level ELSE i.level_unit_id END
     WHERE i.id = p_id AND i.status = p_from AND i.version = p_version AND i.unit_path = p_unit_path
    RETURNING i.level_unit_id INTO out_level_unit_id;
    IF NOT FOUND THEN
        RETURN;  -- moved by someone else first: nothing written
    END IF;

    out_unit_id := v_ids[array_position(v_paths, p_actor_path)];
    IF out_unit_id IS NULL THEN
        SELECT u.id INTO STRICT out_unit_id FROM orgs_unit u WHERE u.path = p_actor_path;
    END IF;
    INSERT INTO initiatives_transition
        (initiative_id, action, from_status, to_status, actor_id, unit_id, comment, created_at)
    VALUES (p_id, p_action, p_from, p_to, p_actor_id, out_unit_id, p_comment, p_at)
    RETURNING id INTO out_transition_id;

    IF p_task IS NOT NULL THEN  -- notify_move_task(transition_id=…), for db_worker
        INSERT INTO django_tasks_database_dbtaskresult
        SELECT * FROM jsonb_populate_record(
            NULL::django_tasks_database_dbtaskresult,
            jsonb_set(p_task, '{args_kwargs,kwargs,transition_id}', to_jsonb(out_transition_id)));
    END IF;

    IF cardinality(p_counter_paths) > 0 THEN
        INSERT INTO progress_counter AS c (unit_id, campaign_id, phase_no, status, count, benefit)
        SELECT v_ids[array_position(v_paths, r.path)], r.campaign, r.phase, r.status, r.n, r.benefit
          FROM unnest(p_counter_paths, p_counter_campaigns, p_counter_phases, p_counter_statuses,
                      p_counter_counts, p_counter_benefits)
               WITH ORDINALITY AS r(path, campaign, phase, status, n, benefit, ord)
         ORDER BY r.ord
        ON CONFLICT (unit_id, campaign_id, phase_no, status)
        DO UPDATE SET count = c.count + excluded.count, benefit = c.benefit + excluded.benefit;
    END IF;

    IF cardinality(p_ref_keys) > 0 THEN
        -- The entry's authors at its CĐCS; a person joins (or leaves) the people of every unit
        -- above when their references there go from none to some (or back).
        WITH given AS (
            SELECT * FROM unnest(p_ref_campaigns, p_ref_keys, p_ref_deltas)
                          WITH ORDINALITY AS g(campaign, key, delta, ord)
        ), refs AS (
            INSERT INTO progress_authorref AS a (unit_id, campaign_id, key, refs)
            SELECT v_ids[array_length(v_ids, 1)], g.campaign, g.key, g.delta FROM given g ORDER BY g.ord
            ON CONFLICT (unit_id, campaign_id, key) DO UPDATE SET refs = a.refs + excluded.refs
            RETURNING a.campaign_id, a.key, a.refs
        ), joined AS (
            SELECT r.campaign_id,
                   sum(CASE WHEN r.refs - g.delta <= 0 AND r.refs > 0 THEN 1
                            WHEN r.refs <= 0 AND r.refs - g.delta > 0 THEN -1 ELSE 0 END) AS people
              FROM refs r JOIN given g ON g.campaign = r.campaign_id AND g.key = r.key
             GROUP BY r.campaign_id
        )
        INSERT INTO progress_peoplecounter AS p (unit_id, campaign_id, people)
        SELECT u.id, j.campaign_id, j.people
          FROM joined j, unnest(v_ids, v_paths) AS u(id, path)
         WHERE j.people <> 0
         ORDER BY u.path, j.campaign_id
        ON CONFLICT (unit_id, campaign_id) DO UPDATE SET people = p.people + excluded.people;
    END IF;

    -- Every unit above the entry: their lists show its status, and their dashboards its counts.
    INSERT INTO progress_version AS v (unit_id, n)
    SELECT u.id, 1 FROM unnest(v_ids) AS u(id) ORDER BY u.id
    ON CONFLICT (unit_id) DO UPDATE SET n = v.n + 1;

    IF p_submitted <> 0 OR p_approved <> 0 OR p_confirmed <> 0 THEN
        INSERT INTO progress_weeklycounter AS w (unit_id, campaign_id, week, submitted, approved, confirmed)
        SELECT u.id, p_campaign, p_week, p_submitted, p_approved, p_confirmed
          FROM unnest(v_ids, v_paths) AS u(id, path) ORDER BY u.path
        ON CONFLICT (unit_id, campaign_id, week) DO UPDATE SET
            submitted = w.submitted + excluded.submitted,
            approved = w.approved + excluded.approved,
            confirmed = w.confirmed + excluded.confirmed;
    END IF;
END
$$
"""

DROP = "DROP FUNCTION IF EXISTS initiative_move_write"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0011_drop_initiative_fk_indexes"),
        ("progress", "0006_room_for_hot_rows"),
        ("orgs", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
