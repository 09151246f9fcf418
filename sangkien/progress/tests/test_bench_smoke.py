"""`make bench` still runs: bench/run.py end to end at a tiny size (SQLite, the Python load
generator, one second a page). Its figures mean nothing here; that every page answers does."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_the_bench_builds_serves_and_measures_every_page(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    doc_before = run.DOC.read_text()

    results = run.main(["--db", "sqlite", "--units", "2000", "--initiatives", "5000", "--duration", "1",
                        "--warmup", "0", "--connections", "2", "--loadgen", "python", "--workdir", str(tmp_path)])

    measured = results["sqlite"]
    for key, _label, _account in run.PAGES:
        assert measured[key]["requests"] > 0, key
        assert measured[key]["errors"] == 0, key
    assert measured["confirm"]["moves"] > 0  # real moves through the confirm endpoint
    # The national root measured again while entries are confirmed beside it, which they are.
    moving = measured["dash_root_moving"]
    assert moving["posted"] > 0 and moving["moved"] == moving["posted"]
    report = capsys.readouterr().out
    assert "| | floor: 20-row template |" in report and "× floor" in report
    assert measured["warmed"] is not None and "read into the page cache first" in report
    assert run.DOC.read_text() == doc_before  # a small run never writes the documented figures
