# The justice-and-addiction pack played in plain mode through a pipe, typed as
# people type (lower case, no apostrophes, no question marks): for each of
# court-mandated-cannabis (Tyler), gambling-debt (Liam) and probation-drinking
# (Nicola), a question about a fact the client knows is answered, a permission
# request is answered, no client line is said twice in a session, the success
# and failure closes name nobody who was not raised, a novice who argues,
# labels and orders (no "should", no "need to") fails, and a skilled
# practitioner in plain words reaches the client's own step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/library_play.sh"
PACK="$MICOACH_SRC/scenarios/justice-and-addiction"
CLIENTS="Tyler|Liam|Nicola"

# ---- court-mandated-cannabis: Tyler -----------------------------------------
TOPICS="Rob Danny Kayla"
for seed in 1 2 3; do
	play court-mandated-cannabis "$seed" \
		"its your choice what you do about weed, nobody here can make that decision for you" \
		"what would make these sessions worth your time" \
		"part of you likes what weed does for you and part of you hates the idea of letting your uncle down after he stood up for you" \
		"you dont want to end up like your dad, you want your nights to be your own" \
		"you stopped for three weeks before your exams, that took real guts" \
		"so weeknights might be doable for you" \
		"weeknights matter because of work, and thats your call"
	outcome success
	assert_contains "$T/lines" "Alright. No smoking"

	play court-mandated-cannabis "$seed" \
		"mate you have a problem with weed" "thats addiction, plain and simple" \
		"youre kidding yourself" "just stop smoking it"
	outcome failure
	assert_contains "$T/lines" "I'm done."
	assert_not_contains "$T/lines" "Rob"

	# facts: guarded while he does not trust you, straight once he does
	play court-mandated-cannabis "$seed" "how much do you smoke" \
		"its your choice what you do about weed" "you get up and go to work every day" \
		"rob stood up for you in court" "how many nights a week" "what happened with the police"
	assert_contains "$T/lines" "Enough. Is that going on a form as well?"
	assert_contains "$T/lines" "Most nights. A couple of joints after work"
	assert_contains "$T/lines" "We got pulled in Danny's car"

	play court-mandated-cannabis "$seed" "ok if i tell you what other people in your position have found"
	assert_contains "$T/lines" "Do I have a choice?"
done
# A long interrogation: still no line twice (checked in play), and no step.
long_session court-mandated-cannabis "hi tyler" "how much do you smoke" "how much do you smoke" \
	"do you smoke every day" "ok" "right" "do you smoke before work" "is it weed or something else" \
	"how long have you been smoking" "whats your mum like" "do you have a job" "ok then" \
	"what do you enjoy about it" "is that all" "anything else" "what now"
pass "court-mandated-cannabis: answers, permission, no repeats, closes fit the path (seeds 1-5)"

# ---- gambling-debt: Liam ----------------------------------------------------
TOPICS="Ellie Carl March"
for seed in 1 2 3; do
	play gambling-debt "$seed" \
		"sounds like you want to sort this out quietly before jess finds out" \
		"part of you is exhausted by the hiding and part of you wants to be straight with jess" \
		"you dont want ellie growing up with a dad whos always on his phone" \
		"being straight with her matters to you" \
		"you gave it up for the whole of lent, that shows real determination" \
		"so self exclusion could be the first bit"
	outcome success
	assert_contains "$T/lines" "Right. Tonight"

	play gambling-debt "$seed" "youre a gambler mate" "the bookies always win" "youre lying to jess" "just delete the apps"
	outcome failure
	assert_contains "$T/lines" "Forget the loan. I'll sort it myself."
	assert_not_contains "$T/lines" "Ellie"

	play gambling-debt "$seed" "how much do you owe" "its up to you what we cover today" \
		"you put real work into it" "how much is the debt altogether" "what happens if saturday doesnt come in"
	assert_contains "$T/lines" "It's a few grand. Manageable."
	assert_contains "$T/lines" "Fourteen, all in."

	play gambling-debt "$seed" "can i tell you a bit about how consolidation works"
	assert_contains "$T/lines" "Go on then. Quick one."
done
# An uneven session, questions and reflections, to the turn limit.
play gambling-debt 4 "hello liam" "what do you want from today" "how much do you owe" \
	"is that all on cards" "how often do you bet" "how often do you bet" "have you told your partner" \
	"its your call what we talk about" "what does betting give you" "since the knee it fills the gap football left" \
	"how does jess feel" "you havent told her" "the hiding wears you down" "tell me about ellie" \
	"you want to be there on saturdays" "what next"
outcome limit
pass "gambling-debt: answers, permission, no repeats, closes fit the path (seeds 1-4)"

# ---- probation-drinking: Nicola ---------------------------------------------
TOPICS="Claire Josh Amber"
for seed in 1 2 3; do
	play probation-drinking "$seed" \
		"youve already paid a high price for that morning, and it feels like it should be enough" \
		"its cost you far more than your licence" \
		"part of you keeps telling yourself its just wine, and part of you cant bear josh having to check your face in the morning" \
		"you want to be the mum josh doesnt have to check on" \
		"you managed the whole of dry january, that took real determination" \
		"so school nights might be where you start"
	outcome success
	assert_contains "$T/lines" "Fine. No wine in the house Sunday to Thursday"

	play probation-drinking "$seed" "youre an alcoholic nicola" "over the limit is over the limit" \
		"you have a drinking problem" "stop drinking"
	outcome failure
	assert_contains "$T/lines" "I attended."
	assert_not_contains "$T/lines" "Claire"

	play probation-drinking "$seed" "how much do you drink" \
		"these appointments are part of the order but what you make of them is up to you" \
		"you felt fine that morning" "how many glasses in an evening"
	assert_contains "$T/lines" "A glass or two in the evening. Like most people."
	assert_contains "$T/lines" "Most nights, a bottle of white"

	play probation-drinking "$seed" "would it be ok if i told you a bit about how long alcohol stays in the body"
	assert_contains "$T/lines" "Well. Go on, then."
done
# An uneven session: questions, a lecture, reflections, her son.
play probation-drinking 4 "hi nicola" "how much do you drink" "do you drink every night" \
	"thats a lot" "its your decision what you do" "you felt fine" "what was that morning like" \
	"you have a lot on your plate" "that glass is the only time thats yours" "what are the mornings like" \
	"tell me about josh" "he watches your face" "part of you says its only wine and part of you hates him watching" \
	"what would you like to be different" "what have you tried before" "what now"
pass "probation-drinking: answers, permission, no repeats, closes fit the path (seeds 1-4)"
