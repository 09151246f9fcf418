from django.db import connection


def hot_cursor():
    """A cursor for a query every request makes, always the same text with other values: on
    PostgreSQL it is prepared once per connection (core/db/postgresql), elsewhere a plain one."""
    make = getattr(connection, "prepared_cursor", None)
    return make() if make is not None else connection.cursor()


# A statement of at most this many rows (one per level of the tree: a move's, an edit's) has
# few texts, each run on every such write: prepared. An import's long batches stay plain, so
# they do not crowd out the connection's prepared statements.
HOT_ROWS = 16


def cursor_for(rows):
    """hot_cursor() for a statement of `rows` rows up to HOT_ROWS, a plain cursor beyond."""
    return hot_cursor() if rows <= HOT_ROWS else connection.cursor()


_INSERTS = {}


def insert(objs):
    """Write new rows as `Model.save()` would for each (defaults, `auto_now_add`, database
    preparation of every value, pre_save and post_save signals, the new primary key back on
    the object), in one INSERT whose text is built once per process for each model and row
    count: for the few rows a workflow move writes, where compiling the ORM's insert cost
    more than running it. Rows must be of one model, all with or all without their key."""
    if not objs:
        return objs
    from django.db.models import signals

    model = type(objs[0])
    opts = model._meta
    pk = opts.pk
    with_pk = objs[0].pk is not None
    fields = [f for f in opts.concrete_fields if with_pk or f is not pk]
    key = (model, with_pk, len(objs), connection.vendor)
    sql = _INSERTS.get(key)
    if sql is None:
        q = connection.ops.quote_name
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        sql = (f"INSERT INTO {q(opts.db_table)} ({', '.join(q(f.column) for f in fields)}) "  # noqa: S608
               f"VALUES {', '.join([row] * len(objs))}")
        if not with_pk:
            sql += f" RETURNING {q(pk.column)}"
        _INSERTS[key] = sql
    params = []
    for obj in objs:
        signals.pre_save.send(sender=model, instance=obj, raw=False, using=connection.alias, update_fields=None)
        params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
    with cursor_for(len(objs)) as cursor:
        cursor.execute(sql, params)
        keys = [] if with_pk else cursor.fetchall()
    for n, obj in enumerate(objs):
        if not with_pk:
            obj.pk = keys[n][0]
        obj._state.adding = False
        obj._state.db = connection.alias
        signals.post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False,
                               using=connection.alias)
    return objs


_SELECTS = {}


def select(model, where, params, *, order_by=None):
    """Instances of `model` for one WHERE clause, every concrete column read and converted as
    the ORM would (`from_db`), in a statement built once per process for each text and
    prepared on PostgreSQL: for the few rows every request of a kind reads. `where` and
    `order_by` are SQL written by the caller over the model's own column names; every value
    goes through `params`."""
    key = (model, where, order_by, connection.vendor)
    plan = _SELECTS.get(key)
    if plan is None:
        q = connection.ops.quote_name
        columns, names, converters = _columns(model)
        sql = f"SELECT {columns} FROM {q(model._meta.db_table)} WHERE {where}"  # noqa: S608
        if order_by:
            sql += f" ORDER BY {order_by}"
        plan = _SELECTS[key] = (sql, names, converters)
    sql, names, converters = plan
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_instance(model, names, converters, row) for row in rows]


def select_with_children(model, pk, children, fk, *, order_by):
    """The `model` row with key `pk` and the `children` rows whose column `fk` holds that key,
    in one statement (a LEFT JOIN), each read as `select` reads it: (instance, [children in
    `order_by`, SQL over the children's columns as c.<column>]), or None. For the entry a
    workflow move acts on and its authors: one round trip where two were."""
    key = ("with", model, children, fk, order_by, connection.vendor)
    plan = _SELECTS.get(key)
    if plan is None:
        q = connection.ops.quote_name
        parent_columns, parent_names, parent_converters = _columns(model, "p")
        child_columns, child_names, child_converters = _columns(children, "c")
        key_column = q(model._meta.pk.column)
        sql = (f"SELECT {parent_columns}, {child_columns} FROM {q(model._meta.db_table)} p "  # noqa: S608
               f"LEFT JOIN {q(children._meta.db_table)} c ON c.{q(fk)} = p.{key_column} "
               f"WHERE p.{key_column} = %s ORDER BY {order_by}")
        child_pk_at = len(parent_names) + children._meta.concrete_fields.index(children._meta.pk)
        plan = _SELECTS[key] = (sql, (parent_names, parent_converters), (child_names, child_converters), child_pk_at)
    sql, (parent_names, parent_converters), (child_names, child_converters), child_pk_at = plan
    with hot_cursor() as cursor:
        cursor.execute(sql, [pk])
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(parent_names)
    parent = _instance(model, parent_names, parent_converters, rows[0][:width])
    kids = [_instance(children, child_names, child_converters, row[width:]) for row in rows
            if row[child_pk_at] is not None]  # no child: one row of NULLs
    return parent, kids


def _columns(model, alias=None):
    """(select list, attribute names, [(position, column, converters)]) of `model`'s concrete
    fields, as the ORM reads them."""
    opts = model._meta
    q = connection.ops.quote_name
    fields = opts.concrete_fields
    prefix = f"{alias}." if alias else ""
    converters = []
    for n, f in enumerate(fields):
        col = f.get_col(opts.db_table)
        found = connection.ops.get_db_converters(col) + f.get_db_converters(connection)
        if found:
            converters.append((n, col, found))
    return ", ".join(prefix + q(f.column) for f in fields), [f.attname for f in fields], converters


def _instance(model, names, converters, row):
    if converters:
        row = list(row)
        for n, col, found in converters:
            value = row[n]
            for convert in found:
                value = convert(value, col, connection)
            row[n] = value
    return model.from_db(connection.alias, names, row)
