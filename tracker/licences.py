"""The licences, declared once: the data under CC BY 4.0, the code under MIT. The repository's
LICENSE and LICENSE-DATA.md, every release and the site's downloads say the same."""
from __future__ import annotations

DATA = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International"}
CODE = "MIT"


def data_notice(what: str) -> str:
    """The licence of the data, said for `what` ("this release", "these files")."""
    return f"""# Licence of the data

The data of {what} are made available under the {DATA['title']} licence ({DATA['name']}):
{DATA['path']}

You may share and adapt them for any purpose, provided you give appropriate credit (cite the
version you used, as "How to cite this version" in a release's README says), link
to the licence, and indicate if changes were made. The full legal code is at
https://creativecommons.org/licenses/by/4.0/legalcode

Facts and figures are taken from the news reports listed in the sources table; the notes,
rationales and other texts of the record are the tracker's own words. The code that made them
is under the {CODE} licence.
"""
