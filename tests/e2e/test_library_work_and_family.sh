# The work-and-family pack played in plain mode through a pipe, typed as people
# type (lower case, no apostrophes, no question marks): for each of
# caregiver-own-health (Sunita), teen-screen-time (Rachel) and workplace-change
# (Graham), a question about a fact the client knows is answered, a permission
# request is answered, no client line is said twice in a session, the success
# and failure closes name nothing that was not raised, a novice who argues,
# labels and orders (no "should", no "need to") fails, and a skilled
# practitioner in plain words reaches the client's own step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/library_play.sh"
PACK="$MICOACH_SRC/scenarios/work-and-family"
CLIENTS="Sunita|Rachel|Graham"

# ---- caregiver-own-health: Sunita --------------------------------------------
TOPICS="Anjali screening temple"
for seed in 1 2 3; do
	play caregiver-own-health "$seed" \
		"youve put raj first for so long that your own needs barely get a look in" \
		"it sounds like youre scared of leaving him on his own" \
		"youre frightened of what would happen to raj if something happened to you" \
		"part of you would rather not know, and part of you knows raj needs you to be well" \
		"you want to be here to look after him for a long time yet" \
		"you organised rajs whole diagnosis and thirty years of year two, you can organise this too" \
		"so a call at nine might work"
	outcome success
	assert_contains "$T/lines" "Alright. I'll ring"

	play caregiver-own-health "$seed" "youre burnt out and not coping" \
		"you must look after yourself or youll be no good to him" "book respite this week" \
		"that letter could be cancer, ring them today"
	outcome failure
	assert_contains "$T/lines" "I think I'd like you to go now, dear."
	assert_not_contains "$T/lines" "Anjali"

	# facts: a polite deflection while she does not trust you, the truth once she does
	play caregiver-own-health "$seed" "how much sleep do you get" \
		"this time is about you, and what we talk about is up to you" \
		"youve put raj first for so long that your own needs barely get a look in" \
		"how many hours do you sleep at night" "how is raj doing"
	assert_contains "$T/lines" "Oh, enough. I've never needed much."
	assert_contains "$T/lines" "Four hours, if I'm lucky."
	assert_contains "$T/lines" "Raj is sixty-eight. Parkinson's, six years now."

	play caregiver-own-health "$seed" "would it be ok if i told you about some of the support carers can get"
	assert_contains "$T/lines" "If you like."
done
# A long run of questions: still no line twice, and no step.
long_session caregiver-own-health "hello sunita" "how are you" "how is raj" "do you get any breaks" \
	"do you sleep well" "does anyone help" "ok" "when did he fall" "what about the carers" \
	"is your daughter nearby" "right" "what do you do for yourself" "how is your health" \
	"do you have any post to deal with" "anything else" "ok then"
pass "caregiver-own-health: answers, permission, no repeats, closes fit the path (seeds 1-5)"

# ---- teen-screen-time: Rachel -----------------------------------------------
TOPICS="Bake"
for seed in 1 2 3; do
	play teen-screen-time "$seed" \
		"youre exhausted from trying everything, and you want someone else to get through to him for once" \
		"youve kept a house and a job going on your own and you still havent given up on him, that takes real determination" \
		"part of you wants to take everything off him, and part of you is scared that would lose him completely" \
		"what matters most to you is getting your son back, not winning the wifi war" \
		"you got him through his nans death on your own, you know how to reach him when it matters" \
		"so youve got ideas about how to reach him"
	outcome success
	assert_contains "$T/lines" "No lecture."

	play teen-screen-time "$seed" "youre part of the problem here" "set clear limits and stick to it" \
		"hes copying you, youre always on your phone" "take the console off him tonight"
	outcome failure
	assert_contains "$T/lines" "I think you'd better go."

	play teen-screen-time "$seed" "how late does he play" "its up to you what we focus on today" \
		"youre exhausted from trying everything" "what time does he go to sleep" "how is school going"
	assert_contains "$T/lines" "Too long. Every night."
	assert_contains "$T/lines" "Most nights till two, three."
	assert_contains "$T/lines" "Eighty-two per cent."

	play teen-screen-time "$seed" "would it be ok if i shared some ideas other parents have found useful"
	assert_contains "$T/lines" "Go on, then. Quick, though."
done
long_session teen-screen-time "hi rachel" "how late does he play" "how late does he play" \
	"does he have a limit" "ok" "what does he play" "does he go out" "how is school" "right" \
	"what does his dad think" "does he eat with you" "what have you tried" "did that work" \
	"how old is he" "anything else" "ok then"
pass "teen-screen-time: answers, permission, no repeats, closes fit the path (seeds 1-5)"

# ---- workplace-change: Graham -----------------------------------------------
TOPICS="Kieran Sandra Phoenix"
for seed in 1 2 3; do
	play workplace-change "$seed" \
		"youve seen a lot of these changes come and go, and youre not convinced this one is any different" \
		"youve kept the planning running through every one of those changes, that takes real skill" \
		"youre the one people rely on, and youre not sure that will still count once its all in the system" \
		"part of you wants to dig in until this goes away, and part of you wants to go out on a high, as the one who got it right" \
		"if anyone is going to get station 14 right in that system, youd rather it was you" \
		"you taught yourself spreadsheets from a library book when everyone said you couldnt, that takes real determination" \
		"so one to one with the door shut could work"
	outcome success
	assert_contains "$T/lines" "Right. Thursday afternoon"

	play workplace-change "$seed" "youre being stubborn graham" "the system isnt going away so get on board" \
		"everyone else has managed to adapt" "youll have to use it like it or not"
	outcome failure
	assert_contains "$T/lines" "I'm done being managed."
	assert_not_contains "$T/lines" "Kieran"

	play workplace-change "$seed" "have you logged in yet" \
		"the system is going live either way, how you get there is up to you" \
		"youve kept the planning running through every one of those changes, that takes real skill" \
		"how many times have you logged in" "how long have you worked here"
	assert_contains "$T/lines" "Once or twice. It logged me out."
	assert_contains "$T/lines" "Once. Properly once."
	assert_contains "$T/lines" "Twenty-nine years in March."

	play workplace-change "$seed" "would it be ok if i shared what the go live plan looks like"
	assert_contains "$T/lines" "Go on. Briefly."
done
long_session workplace-change "morning graham" "have you logged in" "have you logged in" \
	"have you done the e learning" "ok" "when is the go live" "is the spreadsheet backed up" \
	"how long have you been here" "right" "have you spoken to kieran" "how many crews" \
	"are you going to the next session" "what about station 14" "is that all" "anything else" "ok then"
pass "workplace-change: answers, permission, no repeats, closes fit the path (seeds 1-5)"
