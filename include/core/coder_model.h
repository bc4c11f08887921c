/* coder_model.h: the inside of the coder, shared by src/core/coder*.c
 * (reading, cues, rules, skills), src/core/coder_model.c (features, the
 * learned model and its file's bytes), io/model_file.c and
 * tools/train-coder.c (which learns the weights). Not for other modules:
 * they use coder.h. Pure: no I/O except coder_model_load/save. */
#ifndef MICOACH_CODER_MODEL_H
#define MICOACH_CODER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/coder.h"
#include "core/text.h"

/* The model's outputs (each a logit; groups are softmaxes or sigmoids):
 * main class (softmax over 4, AnnoMI's main therapist behaviour, learned
 * from AnnoMI and the practice corpus), the experts' main class (the same
 * softmax learned from AnnoMI's transcripts alone), reflection subtype
 * (sigmoid: complex), question subtype (sigmoid: open), therapist input
 * subtype (softmax over 4), and presence of a reflection / a question. */
enum model_out {
	OUT_REFLECTION, OUT_QUESTION, OUT_INPUT, OUT_OTHER,
	OUT_EXPERT_REFLECTION, OUT_EXPERT_QUESTION, OUT_EXPERT_INPUT, OUT_EXPERT_OTHER,
	OUT_COMPLEX,
	OUT_OPEN,
	OUT_INFO, OUT_ADVICE, OUT_NEGOTIATION, OUT_OPTIONS,
	OUT_HAS_REFLECTION, OUT_HAS_QUESTION,
	/* Learned from the practice corpus alone (data/corpus/): the reply
	 * persuades or confronts; confronts; affirms; seeks collaboration;
	 * emphasizes autonomy; gives information. */
	OUT_NONADHERENT, OUT_CONFRONT, OUT_AFFIRM, OUT_SEEK, OUT_AUTONOMY, OUT_GIVES_INFO,
	/* the gate (sigmoid): the reply reads like a practice reply (the
	 * corpus) rather than a line of a demonstration transcript (AnnoMI) */
	OUT_PRACTICE,
	/* ... and the primary code, a softmax over the codes in enum mi_code order */
	OUT_PRIMARY,
	OUT_COUNT = OUT_PRIMARY + CODE_COUNT
};
/* The first of the outputs learned from the practice corpus alone. */
enum { OUT_CORPUS_FIRST = OUT_NONADHERENT };

enum { CODER_MAX_TOKENS = 256, CODER_MAX_FEATURES = 1024, CODER_MAX_HITS = 32 };

/* Version of the cue rules and of the feature extraction: a model trained
 * with another feature version is refused at load. */
#define CODER_RULES_VERSION "rules-3"
#define CODER_FEATURES_VERSION 13

/* A cue rule that fired: which rule, the code it suggests, its byte span. */
struct cue_hit {
	int rule;
	enum mi_code code;
	size_t start, len;
};

/* What a clause does, from its syntax: a question (a "?", a wh-opener,
 * auxiliary-subject inversion, "tell me", a tag), an order or suggestion
 * (opens with a verb in its base form, "don't", "let's"), or a statement. */
enum clause_mood { MOOD_STATEMENT, MOOD_QUESTION, MOOD_IMPERATIVE };
/* Who a clause is about: its grammatical subject, roughly. */
enum clause_subject { SUBJ_NONE, SUBJ_YOU, SUBJ_I, SUBJ_WE, SUBJ_IT, SUBJ_THEY };
/* Modals a clause carries, as bits. */
enum { MODAL_OBLIGATION = 1, MODAL_POSSIBILITY = 2 };

enum { CODER_MAX_CLAUSES = 64 };

struct clause {
	size_t first, end;           /* its tokens: [first, end) */
	size_t head;                 /* its first word after discourse openers ("so", "and", "ok") */
	enum clause_mood mood;
	enum clause_subject subject;
	unsigned modal;              /* MODAL_* */
	bool negated;                /* not, n't, never, no... */
	bool after_but;              /* opens with, or follows, "but" / "though" / "however" */
	bool judges;                 /* an evaluative word about a person (LEX_JUDGE) */
	bool echoes;                 /* shares a content word with the client's last words */
	bool harms;                  /* names a harm (LEX_HARM) the client did not name */
	bool ends_though;            /* ends on "though" / "tho" / "anyway": a point pressed */
};

/* One reply read once: tokens (typed forms restored: "dont" is "don't",
 * misspelt words corrected), sentences, clauses and their mood, and the cues
 * that fired. */
struct reply_view {
	const char *text;
	const struct coder *coder;           /* the vocabulary it was read with, or NULL */
	size_t ntok;
	struct token tok[CODER_MAX_TOKENS];
	uint32_t whash[CODER_MAX_TOKENS];    /* hash of each word, of its stem */
	uint32_t shash[CODER_MAX_TOKENS];
	uint32_t canon[CODER_MAX_TOKENS];    /* hash of its WordNet synonym head ("kids" -> "child"), or its stem's */
	uint32_t lex[CODER_MAX_TOKENS];      /* the word lists it is in (coder_lexicon.c) */
	unsigned pos[CODER_MAX_TOKENS];      /* VOCAB_* parts of speech from the model's vocabulary */
	bool clause_start[CODER_MAX_TOKENS]; /* first word of a sentence or clause */
	bool sentence_start[CODER_MAX_TOKENS];
	int sentence_of[CODER_MAX_TOKENS];   /* index of the token's sentence */
	int clause_of[CODER_MAX_TOKENS];     /* index of the token's clause */
	bool in_question[CODER_MAX_TOKENS];  /* the token's clause asks */
	bool echo[CODER_MAX_TOKENS];         /* a content word the client said (by stem or synonym) */
	bool echo_negated[CODER_MAX_TOKENS]; /* ... and the client said it negated ("I don't need a break") */
	bool echo_reported[CODER_MAX_TOKENS]; /* ... as what someone else says of them ("I get told I'm lazy") */
	size_t nsent;
	bool sentence_question[CODER_MAX_TOKENS]; /* sentence i asks (a "?" or a question's syntax) */
	size_t questions;                    /* sentences that ask */
	size_t marked_questions;             /* sentences that end in '?' */
	bool ends_question;                  /* the last sentence asks */
	bool labels;                         /* it labels the client ("you're being stubborn") */
	size_t label_start, label_len;       /* ... in these bytes of text */
	enum mi_code rights;                 /* the righting reflex in a construction (coder_righting.c):
					      * CODE_PERS, CODE_CONF, or CODE_OTHER for none */
	int rights_kind;                     /* which construction (RIGHTS_*) */
	size_t rights_start, rights_len;     /* ... in these bytes of text */
	size_t nclause;
	struct clause clause[CODER_MAX_CLAUSES];
	size_t corrected;                    /* words restored or corrected */
	size_t nhits;
	struct cue_hit hits[CODER_MAX_HITS];
	/* coder_overlap's memo: the texts already compared with this reply */
	size_t nmemo;
	const char *memo_text[2];
	size_t memo_overlap[2], memo_content[2];
};

/* Read reply (NUL-terminated, valid or not) into v. c (may be NULL) gives the
 * vocabulary and the spelling corrector; ctx (may be NULL) the client's
 * words, which are never corrected and which echoes are found against. */
void reply_view_read(struct reply_view *v, const char *reply, const struct coder *c,
		     const struct coder_context *ctx);
/* Is w (lower case) a function word, ignored when matching the client's words? */
bool coder_stop_word(const char *w);
/* How many content words of v also occur (by stem) in other; *content gets
 * the number of content words of v. */
size_t coder_overlap(const struct reply_view *v, const char *other, size_t *content);
/* A hash of the cue rules: their indices are features, so a model is only
 * valid with the rules it was trained with (checked at load). */
uint32_t cue_rules_hash(void);

/* Sparse hashed features: indices into 2^bits buckets, each with a value. */
struct feature_set {
	size_t n;
	uint32_t idx[CODER_MAX_FEATURES];
	float val[CODER_MAX_FEATURES];
};
void coder_features(const struct reply_view *v, const struct coder_context *ctx,
		    unsigned bits, struct feature_set *fs);

/* The decision thresholds on the model's probabilities (coder.c; their
 * meaning is there and in docs/scoring.md): name, default. The training
 * tool may change them (train-coder --set NAME=X) to choose them by
 * cross-validation; micoach uses the defaults. */
#define CODER_THRESHOLDS(X) \
	X(complex, 0.5f) X(complex_with_cue, 0.3f) X(open, 0.5f) X(present, 0.5f) X(sure, 0.3f) \
	X(with_cue, 0.05f) X(nonadherent_sure, 0.5f) X(nonadherent_with_cue, 0.2f) \
	X(nonadherent_off_class, 0.95f) X(confront_given_nonadherent, 0.5f) X(nonadherent_strong, 0.7f) \
	X(primary_sure, 0.0f) X(other_to_reflection, 0.3f) X(impersonal_input, 0.2f) X(cue_input, 0.3f) \
	X(gives_info_off_class, 0.7f) X(af_over_reflection, 1.1f) X(primary_over_class, 0.0f) \
	X(primary_nonadherent, 0.5f) X(primary_over_sure_class, 0.7f) X(primary_bad_over_sure_class, 0.5f) \
	X(rights_nonadherent, 0.05f) X(nonadherent_answer, 0.7f) X(transcript_below, 0.75f) \
	X(transcript_over_class, 0.5f) \
	X(transcript_careful, 0.1f) X(practice_primary, 1.0f) X(practice_flag, 0.4f) X(practice_mix, 0.3f) \
	X(practice_outrank, 1.2f) X(asked_pers_over_pwp, 3.0f) \
	X(question_to_seek, 1.0f) X(question_by_syntax, 0.3f) X(order_after, 0.0f) X(rights_persuade, 1.0f)

#define CODER_THRESHOLD_FIELD(name, def) float name;
struct coder_thresholds { CODER_THRESHOLDS(CODER_THRESHOLD_FIELD) };
#undef CODER_THRESHOLD_FIELD
extern struct coder_thresholds coder_tuning;
/* Set threshold name to value; false when there is no such threshold. */
bool coder_tuning_set(const char *name, float value);

/* Parts of speech of a vocabulary word (from WordNet at training time):
 * which it can be, whether it is a verb's base form, and which it mostly is;
 * and whether one of its two commonest verb senses is a feeling (WordNet's
 * lexicographer file verb.emotion: "hate", "miss", "dread", "worry"). */
enum {
	VOCAB_NOUN = 1, VOCAB_VERB = 2, VOCAB_ADJ = 4, VOCAB_ADV = 8, VOCAB_VERB_BASE = 16,
	VOCAB_MAINLY_NOUN = 32, VOCAB_MAINLY_VERB = 64, VOCAB_MAINLY_ADJ = 128, VOCAB_VERB_FEELING = 256,
};

/* A word the model knows: seen in its training text. */
struct vocab_word {
	char *word;
	unsigned pos;         /* VOCAB_* */
	unsigned count;       /* how often it was seen in training (capped) */
	char *canon;          /* its WordNet synonym head, or NULL */
};

/* A spelling corrector the coder may ask about a word it does not know
 * (lang/spell.c through io/model_file.c; none in tools and tests that do not
 * set one). suggest() writes up to max candidate words into out (each
 * TEXT_WORD_MAX) and returns how many, 0 when the word is spelt right or has
 * none; release() frees arg. */
struct coder_speller {
	size_t (*suggest)(void *arg, const char *word, char (*out)[TEXT_WORD_MAX], size_t max);
	void (*release)(void *arg);
	void *arg;
};

enum { CODER_MAX_HIDDEN = 128 };

/* The loaded model: a linear layer over the hashed features and, beside it,
 * one hidden layer of rectified units ("wide and deep"). weights holds
 * w0[bucket * OUT_COUNT + out], then when hidden > 0: b1[hidden],
 * w1[bucket * hidden + unit], w2[unit * OUT_COUNT + out]. */
struct coder {
	unsigned bits;                 /* 2^bits buckets */
	unsigned hidden;               /* hidden units, 0 for a linear model */
	float bias[OUT_COUNT];
	float *weights;
	void (*weights_release)(void *arg);  /* weights borrowed: give them back */
	void *weights_arg;
	char version[80];
	size_t nvocab;
	struct vocab_word *vocab;      /* sorted by word */
	size_t vocab_slots;            /* open-addressing index into vocab, a power of two */
	uint32_t *vocab_index;         /* slot -> 1 + index, 0 empty */
	struct coder_speller speller;
};

/* The vocabulary entry of w, or NULL. */
const struct vocab_word *coder_vocab_find(const struct coder *c, const char *w);
/* Build c's vocabulary index after c->vocab is filled (sorted). */
void coder_vocab_index(struct coder *c);
/* Let the coder ask s about words it does not know (coder_free releases it). */
void coder_set_speller(struct coder *c, const struct coder_speller *s);

/* How many floats weights holds for 2^bits buckets and hidden units. */
size_t coder_weight_count(unsigned bits, unsigned hidden);
/* Logits of the outputs for features fs. */
void coder_scores(const struct coder *c, const struct feature_set *fs, float out[OUT_COUNT]);
/* Turn logits into probabilities: softmax groups and sigmoids, in place. */
void coder_probabilities(float p[OUT_COUNT]);

/* The model file's bytes (header and payload; docs/scoring.md, "The model
 * file") into *out, which the caller frees; returns their length. */
size_t coder_model_serialize(const struct coder *c, char **out);
/* Read a model from the len bytes of buf (path names it in messages):
 * EXIT_DATAERR when malformed, made for other features or cue rules, or
 * damaged (checksum). coder_free frees *out. */
int coder_model_parse(const char *buf, size_t len, const char *path, struct coder **out,
		      struct error *err);
/* The same, keeping the weights where they lie in buf when they can be used
 * there (a little-endian host, the weights aligned: the file's header pads
 * them to 64 bytes): release(arg) is called when the coder is freed, or at
 * once when they were copied or the model is malformed. */
int coder_model_parse_borrowed(const char *buf, size_t len, const char *path, void (*release)(void *arg),
			       void *arg, struct coder **out, struct error *err);
/* The checksum the file carries (FNV-1a 64 in four lanes over the weights' and
 * the vocabulary's bytes). */
uint64_t coder_model_checksum(const struct coder *c);

#endif
