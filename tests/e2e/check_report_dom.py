"""Check an HTML report as Chromium rendered it (its --dump-dom after load).

usage: check_report_dom.py DOM REPORT_JSON [--layout]

DOM is what Chromium printed; REPORT_JSON is `micoach report --json` of the
same assignment. Checked: one roster row per trainee, in the report's order;
a section per trainee with its own skills chart (an <svg>), with a line per
skill when the trainee has a counted session; nothing that runs or loads
(no script, img, iframe, object, embed, link, no on* attribute); with
--layout, the page measured at print width did not overflow (the test's
script wrote data-overflow on <body>). Exits 1 with what is wrong."""
import html.parser
import json
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.sections, self.charts, self.lines = [], [], {}, {}
        self.bad, self.body = [], {}
        self.section = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag in ("script", "img", "iframe", "object", "embed", "link", "base", "form"):
            self.bad.append(tag)
        self.bad += [k for k in a if k.startswith("on")]
        if tag == "body":
            self.body = a
        if tag == "tr" and "trainee-row" in cls:
            self.rows.append(a.get("data-trainee"))
        if tag == "section" and "trainee" in cls:
            self.section = a.get("data-trainee")
            self.sections.append(self.section)
        if tag == "svg" and "chart" in cls and "skills" in cls:
            self.charts.setdefault(self.section, []).append(a.get("data-trainee"))
        if tag == "polyline" and a.get("data-skill"):
            self.lines.setdefault(self.section, set()).add(a["data-skill"])


def main():
    dom, report = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
    p = Page()
    p.feed(open(dom, encoding="utf-8").read())
    names = [t["trainee"] for t in report["trainees"]]
    problems = []
    if p.rows != names:
        problems.append(f"roster rows {p.rows}, expected {names}")
    if p.sections != names:
        problems.append(f"trainee sections {p.sections}, expected {names}")
    for t in report["trainees"]:
        name = t["trainee"]
        if p.charts.get(name) != [name]:
            problems.append(f"{name!r}: skills charts {p.charts.get(name)}, expected one")
        want = {"empathy", "reflection", "discrepancy", "self_efficacy"} if t["counted"] else set()
        if p.lines.get(name, set()) != want:
            problems.append(f"{name!r}: chart lines {sorted(p.lines.get(name, []))}, expected {sorted(want)}")
    if p.bad:
        problems.append(f"active content in the page: {sorted(set(p.bad))}")
    if "--layout" in sys.argv and p.body.get("data-overflow") != "0":
        problems.append(f"overflows at print width: {p.body.get('data-overflow')}")
    for m in problems:
        print("check_report_dom:", m)
    sys.exit(1 if problems else 0)


main()
