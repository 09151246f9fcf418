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
