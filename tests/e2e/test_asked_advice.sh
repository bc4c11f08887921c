# Advice the client asked for is persuasion with permission (PWP), never
# "unasked-for advice", wherever a reply is coded: in practice, in
# `micoach code`, in `micoach rescore` and in a scenario's own tests. Every
# one of them builds the coder's context the same way (core/context.c), and
# "What do you think I should do?" asks (core/client_asks.c).
. "$(dirname "$0")/lib.sh"
db="$T/a.db"
mkdir -p "$T/packs/asking"
cat >"$T/packs/asking/pack.yaml" <<'YAML'
pack:
  id: asking
  title: "A client who asks"
  version: "1.0.0"
YAML
cat >"$T/packs/asking/asking.yaml" <<'YAML'
id: asking
title: "Asking"
difficulty: 1
stage: preparation
meters:
  resistance: {min: 0, max: 10, start: 5, good: low}
start: opening
turn_limit: 5
nodes:
  opening:
    say: ["What do you think I should do?"]
    responses:
      - when: {codes: [PWP]}
        goto: helped
      - when: {codes: [CONF]}
        effects: {resistance: +5}
        goto: lectured
      - fallback: true
        goto: opening
    exemplars:
      - {reply: "Some people find a dry weekday helps.", strength: strong, why: "Advice the client asked for."}
      - {reply: "You must stop.", strength: weak, why: "An order."}
endings:
  helped: {kind: success, say: "I could try that."}
  lectured: {kind: failure, say: "Right. Thanks."}
  time: {kind: limit, say: "Time."}
tests:
  - name: "advice the client asked for is advice with permission"
    replies: ["Some people find a dry weekday helps."]
    expect: helped
  - name: "a confrontation ends it"
    replies: ["You're in denial about it."]
    expect: lectured
YAML
m() { "$MICOACH" --scenarios "$T/packs" --db "$db" "$@"; }
primary() { # SESSION: the stored primary code of its first turn
	m show "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["turns"][0]["primary"])'
}

# The scenario's own test.
m validate "$T/packs/asking" >"$T/v" 2>&1; assert_status 0 $? "validate"
assert_contains "$T/v" "2 tests (0 failed)"

# Practice.
printf 'Some people find a dry weekday helps.\n' | m practice asking --seed 1 >"$T/p" 2>&1
assert_status 0 $? "practice"
assert_contains "$T/p" "persuade with permission"
assert_not_contains "$T/p" "Unasked-for advice"
[ "$(primary 1)" = PWP ] || fail "practice stored $(primary 1), not PWP"

# Rescore: a session coded by an older coder, which called it PERS, is
# recoded as PWP in its context.
sql "$db" "update turns set primary_code = 'PERS', nonadherent = 1 where session = 1;
	delete from turn_codes where turn in (select id from turns where session = 1);
	insert into turn_codes select id, 'PERS' from turns where session = 1;"
[ "$(primary 1)" = PERS ] || fail "the older coding was not stored"
m rescore 1 >"$T/r" 2>&1; assert_status 0 $? "rescore"
assert_contains "$T/r" "codes PERS -> PWP"
[ "$(primary 1)" = PWP ] || fail "rescore stored $(primary 1), not PWP"

# micoach code, on a transcript, with and without a question mark.
printf 'C: What do you think I should do?\nP: Some people find a dry weekday helps.\n' >"$T/t.txt"
"$MICOACH" code --json "$T/t.txt" >"$T/c" 2>&1; assert_status 0 $? "code"
python3 - "$T/c" <<'PY' || fail "code did not code the asked-for advice PWP"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1])][0]
assert o["primary"] == "PWP" and not o["nonadherent"], o
PY
pass "asked-for advice is PWP in practice, rescore, code and the scenario tests"
