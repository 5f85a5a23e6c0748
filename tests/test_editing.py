"""Editing: scaffolding commands, the form's save (comments kept), refusals that lose nothing."""

import pytest
import yaml

from helpers import TODAY, fixture_status, run_cli
from tracker import editing
from tracker.load import load

SRC = "miami-summit-2025-12-19"
GOOD = {"points": [18], "date": "2025-12-19", "level": "minimal", "momentum": "advancing",
        "note": "A dialogue between religious leaders was announced.", "actors": ["us"],
        "blockers": [{"id": "venue", "text": "No venue agreed.", "category": "dispute", "actors": ["us", "israel"]}],
        "evidence": [{"paragraph": 1, "phrase": "Miami"}]}


@pytest.fixture
def root(make_root, fixture_env):
    """A copy of the fixture record; the CLI sees today fixed at TODAY and no texts."""
    return make_root(fixture_status())


cli = run_cli


def test_render_update_matches_the_house_style():
    text = editing.render_update({**GOOD, "id": "u7"})
    assert text.startswith("  - id: u7\n    points: [18]\n    date: 2025-12-19\n    level: minimal\n")
    assert "      - {paragraph: 1, phrase: Miami}" in text
    assert yaml.safe_load(text)[0]["blockers"][0]["actors"] == ["us", "israel"]


def test_save_appends_keeps_comments_and_validates(root):
    path = editing.status_path(root, SRC)
    before = path.read_text()
    result = editing.append_update(root, SRC, GOOD, editing.digest(path), today=TODAY)
    assert result.written and result.problems == []
    after = path.read_text()
    assert after.startswith(before)  # everything that was there, comments included, is kept
    assert after[len(before):].startswith("  - id: u13\n    points: [18]")  # the next free id
    ds = load(root, today=TODAY)
    assert ds.problems == []
    assert [e.update.note for e in ds.entries if 18 in e.update.points] == [GOOD["note"]]


@pytest.mark.parametrize("phrase", [
    "persuaded to give those weapons up?",  # bare, PyYAML without libyaml could not read it back
    ": the truce holds", "?) said", "f:?|f>", "a 'quoted' word", "#1 priority", "{not a map}",
])
def test_a_phrase_in_brackets_is_written_so_every_yaml_reader_reads_it_back(root, phrase):
    path = editing.status_path(root, SRC)
    result = editing.append_update(root, SRC, {**GOOD, "evidence": [{"paragraph": 1, "phrase": phrase}]},
                                   editing.digest(path), today=TODAY)
    assert result.written, result.problems
    ds = load(root, today=TODAY)
    assert [ev.phrase for e in ds.entries if 18 in e.update.points for ev in e.update.evidence] == [phrase]
    assert yaml.load(path.read_text(), Loader=yaml.SafeLoader)["updates"][-1]["evidence"][0]["phrase"] == phrase


def test_save_refuses_a_concurrent_change_and_loses_nothing(root):
    path = editing.status_path(root, SRC)
    opened = editing.digest(path)
    path.write_text(path.read_text() + "# someone else's edit\n")
    theirs = path.read_text()
    with pytest.raises(editing.ConcurrentEdit, match="changed on disk"):
        editing.append_update(root, SRC, GOOD, opened, today=TODAY)
    assert path.read_text() == theirs  # their edit is intact
    assert not list(path.parent.glob(".*.tmp"))  # no temporary file left behind


@pytest.mark.parametrize("change, expected", [
    ({"level": "huge"}, "'huge' is not one of"),
    ({"points": [99]}, "unknown point 99"),
    ({"actors": ["nobody"]}, "unknown actor 'nobody'"),
    ({"date": "2025-12-25"}, "after the source's publication date"),
    ({"note": ""}, "missing field 'note'"),
])
def test_save_refuses_invalid_input_and_writes_nothing(root, change, expected):
    path = editing.status_path(root, SRC)
    before = path.read_text()
    result = editing.append_update(root, SRC, {**GOOD, **change}, editing.digest(path), today=TODAY)
    assert not result.written
    assert any(expected in str(p) for p in result.problems), result.problems
    assert path.read_text() == before


def test_atomic_write_refuses_when_the_file_moves_under_it(tmp_path):
    target = tmp_path / "f.yaml"
    target.write_text("a: 1\n")
    with pytest.raises(editing.ConcurrentEdit):
        editing.atomic_write(target, "a: 2\n", expected=None)
    editing.atomic_write(target, "a: 2\n", expected=editing.digest(target))
    assert target.read_text() == "a: 2\n"


def test_new_source_and_new_update_commands(root):
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "wire-2025-12-20", "--outlet", "Test Wire", "--headline", "Talks resume",
              "--date", "2025-12-20", "--file", "wire.txt", "--url", "https://example.org/wire", "--summary", "Talks resumed in Cairo.")
    assert out.returncode == 0, out.stdout + out.stderr
    sources = (root / "seeds" / "sources.yaml").read_text()
    assert sources.startswith("# yaml-language-server")  # comments kept
    assert "  - id: wire-2025-12-20\n" in sources
    assert (root / "status" / "wire-2025-12-20.yaml").read_text().endswith("source: wire-2025-12-20\nupdates: []\n")

    skeleton = cli(root, "new-update", "--source", "wire-2025-12-20", "--point", "20")
    assert skeleton.returncode == 1  # written, but its placeholders are flagged
    assert "note is still the placeholder" in skeleton.stdout
    text = (root / "status" / "wire-2025-12-20.yaml").read_text()
    assert "  - id: u1\n    points: [20]\n    date: 2025-12-20\n    level: not_initiated\n" in text

    path = root / "status" / "wire-2025-12-20.yaml"
    path.write_text(text.replace("TODO: say in your own words what the article reports about this point.",
                                 "Talks on a political horizon resumed.").replace("TODO key phrase", "resumed"))
    assert cli(root, "validate").returncode == 0
    full = cli(root, "new-update", "--source", "wire-2025-12-20", "--point", "20", "--level", "minimal",
               "--note", "A first meeting was held.", "--paragraph", "2", "--phrase", "first meeting")
    assert full.returncode == 0, full.stdout + full.stderr
    status = cli(root, "status", "--as-of", "2025-12-20", "--format", "json")
    assert '"level": "minimal"' in status.stdout


def test_new_source_refuses_bad_values(root):
    before = (root / "seeds" / "sources.yaml").read_text()
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "Bad Id", "--outlet", "x", "--headline", "y", "--date", "2025-12-20",
              "--file", "z.txt", "--url", "https://example.org/z", "--summary", "s")
    assert out.returncode == 2 and "'Bad Id' is not a valid id" in out.stderr  # refused before anything runs
    assert (root / "seeds" / "sources.yaml").read_text() == before
    assert not (root / "status" / "Bad Id.yaml").exists()


def test_writes_are_off_unless_the_operator_turns_them_on(monkeypatch):
    monkeypatch.delenv(editing.WRITE_ENV, raising=False)
    assert not editing.writes_allowed()
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    assert editing.writes_allowed()


def test_new_source_id_cannot_leave_the_data_folder(root, tmp_path):
    escape = tmp_path / "escaped"
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", f"../../{escape.name}", "--outlet", "x", "--headline", "y",
              "--date", "2025-12-20", "--file", "z.txt", "--url", "https://example.org/z", "--summary", "s")
    assert out.returncode == 2 and "is not a valid id" in out.stderr
    assert not list(tmp_path.rglob("escaped*"))
    with pytest.raises(editing.BadName):
        editing.check_candidate(root, {"../outside.yaml": "a: 1\n"})


def test_two_writers_from_the_same_start_never_both_win(root):
    import threading
    path = editing.status_path(root, SRC)
    opened = editing.digest(path)
    results, errors = [], []

    def save(note):
        try:
            results.append(editing.append_update(root, SRC, {**GOOD, "note": note}, opened, today=TODAY))
        except editing.ConcurrentEdit as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(f"Writer {i} was here.",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 1 and len(errors) == 3  # exactly one wins, the others are told
    text = path.read_text()
    assert sum(f"Writer {i} was here." in text for i in range(4)) == 1


def test_save_keeps_the_file_mode(root):
    path = editing.status_path(root, SRC)
    path.chmod(0o644)
    editing.append_update(root, SRC, GOOD, editing.digest(path), today=TODAY)
    assert path.stat().st_mode & 0o777 == 0o644
