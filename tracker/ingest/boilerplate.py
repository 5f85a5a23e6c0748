"""Page furniture: the paragraphs of a saved web page that are not reporting (bylines, share
buttons, newsletter sign-ups, photo credits, date lines, section labels), left out before matching."""
from __future__ import annotations

import re

_BOILERPLATE = [re.compile(p, re.I) for p in (
    r"^\|$", r"^get the .{0,40}(daily|edition|newsletter)", r"^by email and never miss",
    r"^by signing up", r"^was this (news|article|story) (useful|helpful)\??$", r"^also read$", r"^read more:?$",
    r"^by:?\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}$", r"^(share|subscribe|advertisement)\b",
    r"^https?://\S+$",  # a URL line
    r"^\d+ min(ute)? read$", r"^more follows\b", r"^sign up\b", r"^join our commenting forum",
    r"^(leave|post|add) a comment", r"^add \w+ as a preferred source",
    r"^(trending stories|contact us|bookmark popover|removed from bookmarks|last update|related( articles)?)$",
    r"^most read$",
    r"^\(?photo( credit)?:", r"^(source|editor|edited by|written by|reporting by)\s*:", r"^published\b.{0,40}\d{4}",
    r"^\d{1,2}-\d{1,2}-\d{4}\s*\|\s*\d{1,2}:\d{2}$", r"^\d{4}-\d{2}-\d{2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$",
    r"^\d{1,2} \w+,? \d{4}( \d{1,2}:\d{2}( [AP]M)?)?$", r"^\w+ \d{1,2}, \d{4}$",  # a date line alone
    r"^— .{1,80}\(@\w+\) \w+ \d{1,2}, \d{4}$",  # an embedded post's attribution
    r"\bBy [A-Z][a-z]+ [A-Z][a-z]+ (Fox News|CNN|AP|Reuters|AFP)$",  # a byline run into the author's name
)]
# page furniture by kind, for short lines only (a reporting sentence may use the same words)
_PROMPTS = [re.compile(p, re.I) for p in (
    r"\b(donate|make a donation|support (our|independent|quality) journalism|become a (member|supporter|subscriber)"
    r"|help (us|keep) .{0,40}(journalism|reporting|free))\b",  # a donation or membership prompt
    r"\bnewsletters?\b.{0,60}\b(sign up|subscribe|inbox)\b|\b(sign up|subscribe)\b.{0,60}\bnewsletters?\b",
    r"^(read|see) (more|also)\b",  # "Read more: ...", "See also ..."
    r"audio player",  # "Trinity Audio player ready..." (in a long paragraph, reporting may follow it)
)]
PROMPT_LENGTH = 200  # characters: longer paragraphs are reporting, whatever words they use
_NON_LATIN = re.compile(r"[\u0590-\u05ff\u0600-\u06ff]")  # Hebrew or Arabic caption fragments


def _furniture(text: str) -> bool:
    if any(rx.search(text) for rx in _BOILERPLATE):
        return True
    if len(text) <= PROMPT_LENGTH and any(rx.search(text) for rx in _PROMPTS):
        return True
    words = text.split()
    if len(words) <= 5 and not any(c.islower() for c in text) and any(c.isalpha() for c in text):
        return True  # a section label or kicker in capitals: WORLD NEWS
    if _NON_LATIN.search(text) and len(words) <= 8:
        return True
    return False
_CAPTION_CREDIT = re.compile(  # a photo credit in brackets closing the paragraph: (AP/Name), (Pool/AFP)
    r"\((?:[^()]*\b(?:AP|AFP|Reuters|Getty|Pool|Telegram|X|Flash90|GPO|EPA)\b[^()]*|[^()]*/[^()]*)\)\s*$")


def caption_credit(text: str) -> bool:
    """Does a photo credit in brackets close the text? A credit holds no bracket, so it can only
    open at the text's last '(': the pattern is tried there alone (linear, where a search tried
    from every '(' would be quadratic)."""
    at = text.rfind("(")
    return at >= 0 and _CAPTION_CREDIT.match(text, at) is not None


def boilerplate(paras: list[str]) -> list[int]:
    """Paragraph numbers (1-based) that are page furniture, not reporting."""
    out = []
    in_list = False
    for i, p in enumerate(paras, start=1):
        text = p.strip()
        if in_list and text.startswith("- "):
            out.append(i)
            continue
        in_list = False
        if _furniture(text):
            out.append(i)
            in_list = text.lower() in ("also read", "read more", "read more:")
        elif len(text) < 600 and caption_credit(text):
            out.append(i)
    return out
