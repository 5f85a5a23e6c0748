"""The corrections log: every change settled after a second reading, with the rating before
and after and why, in the app, on the site and in its feed."""
import xml.etree.ElementTree as ET
from datetime import date

from helpers import FIXTURE, TODAY, copy_record, run_cli
from tracker.corrections import corrections
from tracker.load import load

ATOM = "{http://www.w3.org/2005/Atom}"


def settled_record(tmp_path):
    """The fixture record with u10's disagreement settled by changing its level to minimal."""
    root = copy_record(tmp_path / "record")
    review = root / "reviews/round-1.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "reviewer_momentum: stalled, agree: false, comment: The mediators are at work but stuck.}",
        "reviewer_momentum: stalled, agree: false, comment: The mediators are at work but stuck.,\n"
        "     resolution: {outcome: changed, date: 2025-12-31, note: Rated minimal; the talks are a first step.}}"),
        encoding="utf-8")
    status = root / "status/miami-summit-2025-12-19.yaml"
    text = status.read_text(encoding="utf-8")
    start = text.index("  - id: u10")
    end = text.find("\n  - id: ", start + 1)
    block = text[start:end if end > 0 else len(text)]
    status.write_text(text.replace(block, block.replace("level: unclear", "level: minimal", 1)), encoding="utf-8")
    return root


def test_a_settled_change_is_a_correction_with_before_after_and_why(tmp_path):
    root = settled_record(tmp_path)
    ds = load(root, texts_folder=tmp_path / "absent", today=TODAY, cache=None)
    assert ds.problems == []
    (c,) = corrections(ds)
    assert (c.day, c.ref, c.level_before, c.level_after) == (
        date(2025, 12, 31), "miami-summit-2025-12-19/u10", "unclear", "minimal")
    assert c.rating_changed and c.why == "Rated minimal; the talks are a first step."


def test_a_kept_rating_is_no_correction(fixture_ds):
    assert corrections(fixture_ds) == []  # the fixture's one settled disagreement was kept


def test_the_site_lists_the_corrections_with_a_feed(tmp_path):
    root = settled_record(tmp_path)
    out = tmp_path / "site"
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path / "absent")}
    result = run_cli(root, "publish", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    page = (out / "corrections/index.html").read_text(encoding="utf-8")
    assert "miami-summit-2025-12-19/u10" in page and "Rated minimal; the talks are a first step." in page
    assert "1 of 1 changed a rating" in page
    assert 'href="../corrections/"' in (out / "blockers/index.html").read_text(encoding="utf-8")  # in the menu
    feed = ET.parse(out / "corrections/feed.xml").getroot()
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Correction to point 14: level unclear to minimal"
    assert entry.find(f"{ATOM}updated").text == "2025-12-31T00:00:00Z"
    assert "Rated minimal" in entry.find(f"{ATOM}summary").text
    empty = tmp_path / "site-empty"
    assert run_cli(FIXTURE, "publish", "--out", str(empty), env=env).returncode == 0
    assert "No correction yet." in (empty / "corrections/index.html").read_text(encoding="utf-8")
