"""Values a process keeps between requests, each under a key that holds everything it depends
on (a version number kept in the database, the language, …), so a stale value is never read:
a change makes a new key. Bounded: a memo that fills up starts again empty.

`clear_all()` empties every memo; the tests call it between tests, since a rolled-back test
database can give the next test the same ids and version numbers with other rows behind them.
"""

_ALL: list["ProcessMemo"] = []


class ProcessMemo(dict):
    def __init__(self, keep=1024):
        super().__init__()
        self.keep = keep
        _ALL.append(self)

    def put(self, key, value):
        if len(self) >= self.keep:
            self.clear()
        self[key] = value
        return value


def clear_all():
    for memo in _ALL:
        memo.clear()
