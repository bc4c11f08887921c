# The HTML report in a real browser: headless Chromium loads the file
# `micoach report --html -o FILE` writes, for a cohort whose trainees have
# hostile names and replies. Checked on the rendered page (--dump-dom): a
# roster row and a skills chart per trainee, every name shown as text and
# nothing run or loaded, no console message (CSP refusals and script errors
# are console messages); the layout at the printable width of A4 does not
# overflow; printed to PDF on A4 and on Letter, each trainee starts a page.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser.sh"
. "$(dirname "$0")/trainer_lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"

pack="$T/pack"
make_course_pack "$pack"
replies "$pack/course-alcohol.yaml" names-a-step >"$T/good.txt"
replies "$pack/course-alcohol.yaml" walks-out >"$T/bad.txt"
as lee pack install "$pack" >/dev/null 2>&1 || fail "pack install"
as lee assign mi-course --id wk --title 'Week <3> & "resistance"' --due 2031-01-01 --pass outcome=success \
	-o "$T/wk.yaml" >/dev/null 2>&1 || fail "assign"

# Sessions practised in the trainer's own database, by trainees with hostile names.
evil='<img src=x onerror=alert(1)>'
quote='Zoë "Z" O'"'"'Neil & co'
db() { XDG_DATA_HOME="$T/lee" "$MICOACH" --db "$T/lee.db" "$@"; }
db --user "$evil" practice course-alcohol --assignment wk --seed 1 <"$T/good.txt" >/dev/null 2>&1 || fail "practice 1"
db --user "$quote" practice course-alcohol --assignment wk --seed 2 <"$T/bad.txt" >/dev/null 2>&1 || fail "practice 2"
# (and a word too long for any line: the page must wrap it, not overflow)
long=$(printf 'sooo%.0s' $(seq 1 60))
printf '%s\n/quit\n' "<script>alert(\"x\")</script> You are in denial </td></tr> and you need to face it $long." |
	db --user "$evil" practice course-knee --assignment wk --seed 3 >/dev/null 2>&1 || fail "practice 3"

as lee report --assignment wk --json >"$T/report.json" || fail "report --json"
as lee report --assignment wk --html -o "$T/report.html" >"$T/out" 2>&1
assert_status 0 $? "report --html"
assert_contains "$T/out" "Wrote the report of assignment wk (2 trainees)"
[ "$(stat -c %a "$T/report.html")" = 600 ] || fail "the report is not private"

# Loaded as it is: the rendered DOM and the console.
browser "$T/load.err" --dump-dom "file://$T/report.html" >"$T/dom.html" || { cat "$T/load.err"; fail "chromium --dump-dom"; }
[ -s "$T/dom.html" ] || fail "chromium printed no DOM"
if console_messages "$T/load.err" >"$T/console"; then
	cat "$T/console"; fail "the page wrote to the console"
fi
python3 "$(dirname "$0")/check_report_dom.py" "$T/dom.html" "$T/report.json" || fail "the rendered report"
assert_contains "$T/dom.html" '&lt;img src=x onerror=alert(1)&gt;'
assert_contains "$T/dom.html" 'Zoë "Z" O'"'"'Neil &amp; co'
assert_contains "$T/dom.html" '&lt;script&gt;alert("x")&lt;/script&gt; You are in denial &lt;/td&gt;&lt;/tr&gt; and you'

assert_contains "$T/dom.html" 'Week &lt;3&gt; &amp; "resistance"'

# The print layout at A4's printable width (210 mm less 2 x 12 mm margins =
# 703 px): a copy with the print styles applied on screen and a script that
# marks anything reaching past the right edge (the copy drops the CSP so
# that script may run; it removes itself before the DOM is dumped).
python3 - "$T/report.html" "$T/layout.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
page = page.replace("@media print{", "@media all{")
probe = """<script>(function(){var w=document.documentElement.clientWidth,o=[];
document.querySelectorAll('body *').forEach(function(e){var r=e.getBoundingClientRect();
if(r.width>0&&r.right>w+0.5)o.push(e.tagName+'.'+(e.getAttribute('class')||''))});
if(document.documentElement.scrollWidth>w)o.push('page '+document.documentElement.scrollWidth+'>'+w);
document.body.setAttribute('data-overflow',o.length?o.slice(0,6).join(' '):'0');
document.currentScript.remove();})()</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PY
browser "$T/layout.err" --window-size=703,1000 --dump-dom "file://$T/layout.html" >"$T/layout-dom.html" ||
	fail "chromium, the layout copy"
python3 "$(dirname "$0")/check_report_dom.py" "$T/layout-dom.html" "$T/report.json" --layout ||
	fail "the report does not fit A4's printable width"

# Printed on A4 and on Letter: the paper's size, and a page for the roster
# then at least one for each trainee.
for paper in A4:595:842 letter:612:792; do
	name=${paper%%:*}
	sed "s|</style>|@page{size:$name}</style>|" "$T/report.html" >"$T/print-$name.html"
	browser "$T/print.err" --no-pdf-header-footer --print-to-pdf="$BUILD_DIR/report-$name.pdf" \
		"file://$T/print-$name.html" >/dev/null || fail "chromium --print-to-pdf $name"
	python3 - "$BUILD_DIR/report-$name.pdf" "$paper" <<'PY' || fail "the $name PDF"
import re, sys
pdf = open(sys.argv[1], "rb").read()
_, w, h = sys.argv[2].split(":")
pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
boxes = {tuple(round(float(v)) for v in m.split()[2:4]) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
assert pages >= 3, f"{pages} pages, expected the roster's and one a trainee"
assert boxes == {(int(w), int(h))}, f"page sizes {boxes}, expected {w} x {h} pt"
PY
done
pass "the HTML report renders in headless Chromium, escaped, self-contained, printable on A4 and Letter"
