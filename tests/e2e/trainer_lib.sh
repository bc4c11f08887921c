# Shared by the trainers' end-to-end tests (sourced after lib.sh): a pack of
# two bundled scenarios under a course's own ids, the replies of a
# scenario's own tests, and running micoach as one person with their own
# data directory and database.
#   make_course_pack DIR [VERSION]   mi-course VERSION (1.0.0): course-alcohol (format 1),
#                                    course-knee (format 2: its lines carry talk labels)
#   replies FILE EXPECT              the replies of the scenario test that expects EXPECT
#   as WHO COMMAND...                micoach as WHO ($T/WHO data, $T/WHO.db)

make_course_pack() {
	_src="$MICOACH_SRC/scenarios/primary-care"
	mkdir -p "$1"
	cat >"$1/pack.yaml" <<YAML
pack:
  id: mi-course
  title: "MI course, week 3"
  version: "${2:-1.0.0}"
  author: "A trainer"
  description: "Two resistant clients for week 3 of the course."
  audience: [trainees]
  skills: [empathy, reflection, discrepancy, self_efficacy]
YAML
	sed 's/^id: alcohol-gp$/id: course-alcohol/' "$_src/alcohol-gp.yaml" >"$1/course-alcohol.yaml"
	sed 's/^id: knee-walking$/id: course-knee/' "$MICOACH_SRC/tests/data/worked-example/knee-walking.yaml" \
		>"$1/course-knee.yaml"
}

replies() {
	python3 - "$1" "$2" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\ntests:\n", 1)[1]
for item in re.split(r"\n  - name:", "\n" + text)[1:]:
    m = re.search(r"\n    expect: *(\S+)", item)
    if m and m.group(1) == sys.argv[2]:
        block = item.split("replies:", 1)[1].split("\n    expect:", 1)[0]
        for line in re.findall(r'\n      - (".*")', block):
            print(json.loads(line))
        break
PY
}

as() {
	_who=$1; shift
	XDG_DATA_HOME="$T/$_who" "$MICOACH" --user "$_who" --db "$T/$_who.db" "$@"
}
