from django.db import connection


def hot_cursor():
    """A cursor for a query every request makes, always the same text with other values: on
    PostgreSQL it is prepared once per connection (core/db/postgresql), elsewhere a plain one."""
    make = getattr(connection, "prepared_cursor", None)
    return make() if make is not None else connection.cursor()
