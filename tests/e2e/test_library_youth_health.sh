# The youth-health pack played in plain mode through a pipe, typed the way
# people type (lower case, no apostrophes, no question marks): a question
# about a fact the client knows is answered; a permission request is
# answered; no client line is said twice in a session; the endings never
# mention what was not raised; a novice who argues, labels and orders in
# plain words (no "should", "need to", "in denial") fails; a skilled
# practitioner in plain words does well. Each over several seeds.
. "$(dirname "$0")/lib.sh"
PACK="$MICOACH_SRC/scenarios/youth-health"

# play ID SEED REPLY...: one session; its output in $T/out, the client's
# turns (without the name) in $T/said.
play() {
	id=$1 seed=$2; shift 2
	printf '%s\n' "$@" | "$MICOACH" --scenarios "$PACK/.." practice "$id" --plain --no-feedback \
		--db "$T/db" --seed "$seed" >"$T/out" 2>"$T/err"
	assert_status 0 $? "practice $id (seed $seed)"
	name=$(sed -n 's/^  name: "\(.*\)"$/\1/p' "$PACK/$id.yaml")
	grep "^$name: " "$T/out" | sed "s/^$name: //" >"$T/said" || true
}

# no_repeats ID: no line of the scenario is said twice in the session in
# $T/said (lines are found longest first, so "Whatever." inside "Fine.
# Whatever." is not counted twice).
no_repeats() {
	python3 "$MICOACH_SRC/tests/e2e/said_twice.py" "$PACK/$1.yaml" "$T/said" || { cat "$T/said"; fail "$1 seed $seed: a client line was said twice"; }
}

outcome() { assert_contains "$T/out" "Session summary: $1"; }
heard() { assert_contains "$T/said" "$1"; }
not_heard() { assert_not_contains "$T/said" "$1"; }
# heard_one_of REGEX WHAT: one of the client's turns matches (grep -E).
heard_one_of() {
	grep -qE "$1" "$T/said" || { cat "$T/said"; fail "$id seed $seed: $2"; }
}
# ends ID OUTCOME TEXT: the session ended so, no line was said twice, and
# the client's last turn (the ending's line) does not hold TEXT.
ends() {
	outcome "$2"
	no_repeats "$1"
	tail -n 1 "$T/said" >"$T/end"
	assert_not_contains "$T/end" "$3"
}

# ---- school-vaping: Kai, 14, caught vaping -------------------------------
for seed in 1 2 3; do
	play school-vaping "$seed" \
		"hi kai, im the school nurse. tell me what happened" \
		"you got caught in front of everyone and now youre stuck here with me" \
		"no. what you say here stays between us, unless i think youre in danger" \
		"so the vape is part of being with your mates" \
		"the mocks are stressing you out and a few puffs calms you down" \
		"it feels different from what tyler does and at the same time you dont want to end up like him" \
		"football really matters to you and getting subbed has knocked you" \
		"can i tell you something about vapes and football" \
		"lots of young players find their breathing picks up within a couple of weeks of stopping" \
		"you managed a whole weekend at your nans without it" \
		"what might you try" \
		"so leaving it at home is your plan, and its your call"
	heard "Mr Hughes caught me in the toilets"   # "tell me what happened" is answered
	heard "That's not an answer though"          # a reflection that dodges his question
	heard_one_of "^(Go on then\. Quick though\.|Go on\. I'm listening\.)" "the permission request got no answer"
	ends school-vaping success "Deon"   # never named on this path
done
pass "school-vaping: questions and leave to share answered, a skilled nurse gets his own step, nothing repeats"

for seed in 1 2 3; do
	play school-vaping "$seed" \
		"right kai, vaping is really bad for you" \
		"its nicotine and youre hooked, plain and simple" \
		"bin it and dont buy another one" \
		"youre far too young for this" \
		"thats just an excuse" \
		"youll end up like your brother"
	# mum and ringing home never came up: the close does not bring them up
	ends school-vaping failure "mum"
	not_heard "stays at home"
done
pass "school-vaping: a novice who lectures, labels and orders (no 'should') fails, and the close fits"

for seed in 1 2 3; do
	play school-vaping "$seed" "how long have you been vaping" "is it ok if i tell you something about vapes" \
		"what happened" "where do you get them" "how much do you vape" "does your mum know" \
		"what does your brother think" "do you want to stop" "what would help"
	heard "Since the summer. Year 10 started"
	heard "If you're going to anyway."
	heard "No. And she's not going to."
	not_heard "stays at home in mocks week"
	no_repeats school-vaping
done
pass "school-vaping: facts answered, a permission request answered, and questions alone never reach a plan"

# ---- sti-testing: Jess, 19, at a sexual health drop-in ------------------
for seed in 1 2 3; do
	play sti-testing "$seed" \
		"hi jess, whats brought you in today" \
		"so ryan texted you and you came in, even though you feel fine" \
		"no, it wont go on your gp records. the clinic is separate and confidential" \
		"youre pretty sure youd know" \
		"can i tell you what we know about that" \
		"lots of people with chlamydia dont notice anything at all, it often has no symptoms" \
		"coming in when he asked you to was a sensible, grown up thing to do" \
		"you want to believe him, and part of you is wondering where it came from" \
		"its your body and you want to know for yourself" \
		"its a swab you do yourself in the loo, no needle, it takes a couple of minutes" \
		"you could do it now while youre here, its your call"
	heard "Ryan went on about it"              # "whats brought you in" is answered
	heard "OK, but does it, though?"           # a reflection that dodges her question
	heard "Thing is, I haven't got anything"  # the answer to it is heard: she moves on
	heard_one_of "^(Go on\.|OK\. Go on then\.|I suppose\.)$" "the permission request got no answer"
	heard "So I might have something and not even know."
	ends sti-testing success "condom"   # never raised on this path
done
pass "sti-testing: her questions answered, leave to share answered, a skilled nurse gets the swab done today"

for seed in 1 2 3; do
	play sti-testing "$seed" \
		"youre being really naive, most people with an sti have no symptoms" \
		"get tested today, its not optional" \
		"use condoms from now on" \
		"hes obviously cheating on you, dump him" \
		"thats just an excuse" \
		"youre kidding yourself"
	# her dad never came up: the close does not bring him up
	ends sti-testing failure "dad"
	not_heard "do the swab now"
done
pass "sti-testing: a novice who judges, orders and attacks her boyfriend (no 'should') fails, and the close fits"

for seed in 1 2 3; do
	play sti-testing "$seed" "can i tell you a bit about sti testing" "how long have you been with ryan" \
		"what did he say" "have you got any symptoms" "how many partners have you had" "do you use condoms" \
		"what would your dad think" "what do you want to do"
	heard "I suppose."
	heard "Two months. We met at my mate Jade's eighteenth."
	heard "He said it stings when he wees"
	heard "That's a bit personal, isn't it?"    # guarded while rapport is low
	not_heard "do the swab now"
	no_repeats sti-testing
done
pass "sti-testing: facts answered (guarded when rapport is low), a permission request answered, questions alone never reach the swab"

# ---- student-low-mood: Liam, 20, missing lectures -----------------------
for seed in 1 2 3; do
	play student-low-mood "$seed" \
		"hi liam, thanks for coming in. what brought you in today" \
		"youve got behind and youre wondering if theres any point" \
		"can i tell you what the options are" \
		"its not too late. you can apply for extenuating circumstances and your tutor can help you plan" \
		"the games are a way of not having to think, and then the day goes and you feel worse" \
		"from your room it looks like everyone else is coping and youre the only one who isnt" \
		"everything has gone flat, even the things that used to be fun" \
		"being the first in your family to go means a lot, and it makes this feel even heavier" \
		"a 2:1 in first year. youve already shown you can do this course" \
		"being an engineer is something youve wanted since you were ten" \
		"what might be a first step this week" \
		"thursdays tutorial and an email to dr okafor, thats your plan and your call"
	heard "The email said 'attendance concern'"     # "what brought you in" is answered
	heard "can I still pass the year?"
	heard_one_of "(Yeah\. Please\. Nobody's told me anything\.|^If you want\.$|^Yeah, go on\.$|^OK\. Yeah\.$)" "the permission request got no answer"
	ends student-low-mood success "wellbeing"   # never raised on this path
done
pass "student-low-mood: his question answered, leave to share answered, a skilled adviser gets his own small step"

for seed in 1 2 3; do
	play student-low-mood "$seed" \
		"just go to bed earlier and stop gaming" \
		"youre depressed, go and see your gp" \
		"everyone struggles, pull yourself together" \
		"thats just an excuse" \
		"set an alarm and get up, its not hard" \
		"youre wasting your loan"
	# his family never came up: the close does not bring them up
	ends student-low-mood failure "mum"
	not_heard "Thursday's tutorial"
done
pass "student-low-mood: a novice who advises, labels and lectures (no 'should') loses him, and the close fits"

for seed in 1 2 3; do
	play student-low-mood "$seed" "is it ok if i share something about sleep" "what course are you on" \
		"how many lectures have you missed" "what time do you go to sleep" "what do you play" \
		"how are you feeling" "do your parents know" "what do you want to do"
	heard "If you want."
	heard "Civil engineering. Second year."
	heard "I go to sleep about four."
	not_heard "Thursday's tutorial"
	no_repeats student-low-mood
done
pass "student-low-mood: facts answered, a permission request answered, questions alone never reach a step"
