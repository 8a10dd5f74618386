"""Official documents (văn bản) an office can sign and send: Word and Excel files built from the
model, never from the site's HTML, written outside `site/` by `exemplars export` (`run.py`).

- `registration`: the registration list in the plan's appendix form (.docx, .xlsx);
- `report`: the period report of an office (month) or directly affiliated unit (quarter);
- `summary`: the campaign summary for a review or final review;
- `internal`: the one way to see records the site does not publish (`--internal` only);
- `office`: page layout, headings and signature blocks shared by all of them.

This package has no import here, so `pages/registration.py` can use `registration.to_xlsx` for
the site's published lists without a cycle.
"""
