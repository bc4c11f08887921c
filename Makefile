# micoach: a terminal coach for practising motivational interviewing.
# `make run` builds and starts practising; `make test` runs every test.
# See README.md and docs/ARCHITECTURE.md (the layers of src/ and why).

VERSION    = 0.2.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
SHAREDIR  ?= $(PREFIX)/share/micoach
MANDIR    ?= $(PREFIX)/share/man/man1
DESTDIR   ?=
# B: the build directory; BIN: the binary (helpers building side by side set both).
B         ?= build
BIN       ?= micoach
PKG_CONFIG ?= pkg-config
CC        ?= cc
CLANG     ?= clang
AR        ?= ar

# Debian packages, in four groups (src/tools/deps.sh installs the missing
# ones with apt-get when run as root, and otherwise names the command):
# what `make` needs, what `make test` adds (nodejs and npm: the schema test's
# ajv, installed by npm under $(B)/npm, never system-wide), the browser only `make test`
# uses (the HTML report is loaded in headless Chromium), what `make fuzz`
# adds. "clang-rt" stands for libclang-rt-N-dev of the clang Debian ships.
BUILD_DEBS = pkg-config libncurses-dev libyaml-dev libsqlite3-dev libstemmer-dev libhunspell-dev \
             hunspell-en-gb hunspell-en-us wordnet-dev libpq-dev
TEST_DEBS  = libcmocka-dev tmux sqlite3 python3 valgrind postgresql nodejs npm
BROWSER_DEBS = chromium fonts-dejavu-core
FUZZ_DEBS  = clang clang-rt

PKGS      = ncursesw yaml-0.1 sqlite3 hunspell libpq
# libpq is not linked into micoach: src/store/pg_lib.c opens it when a
# postgresql:// store is first used (its headers still come from libpq-dev).
# The tests and benchmarks that set up a server themselves link it (PQ_LIBS).
LINK_PKGS = $(filter-out libpq,$(PKGS))
.DEFAULT_GOAL := all

# $(B)/config.mk is made first (make restarts after making it): it installs
# or names the missing build packages, then records what pkg-config says.
ifeq ($(filter clean deps deps-test deps-fuzz uninstall,$(MAKECMDGOALS)),)
-include $(B)/config.mk
endif
$(B)/config.mk: Makefile src/tools/deps.sh
	@sh src/tools/deps.sh $(BUILD_DEBS)
	@mkdir -p $(B)
	@printf 'PKG_CFLAGS = %s\nPKG_LIBS = %s\nPQ_LIBS = %s\n' \
		"$$($(PKG_CONFIG) --cflags $(PKGS) | tr ' ' '\n' | grep -v -e '^-D_XOPEN_SOURCE' -e '^-D_DEFAULT_SOURCE' | tr '\n' ' ')" \
		"$$($(PKG_CONFIG) --libs $(LINK_PKGS))" "$$($(PKG_CONFIG) --libs libpq)" > $@
$(B)/test-deps.stamp: Makefile src/tools/deps.sh $(B)/config.mk
	@sh src/tools/deps.sh $(TEST_DEBS)
	@touch $@
# One apt-get at a time (make -j): each group waits for the one before.
$(B)/browser-deps.stamp: Makefile src/tools/deps.sh $(B)/config.mk $(B)/test-deps.stamp
	@sh src/tools/deps.sh $(BROWSER_DEBS)
	@touch $@
$(B)/fuzz-deps.stamp: Makefile src/tools/deps.sh $(B)/config.mk
	@sh src/tools/deps.sh $(FUZZ_DEBS)
	@touch $@

WARNINGS  = -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wundef -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
            -DMICOACH_VERSION='"$(VERSION)"' -DMICOACH_SHARE_DIR='"$(SHAREDIR)"'
ALL_CFLAGS = -std=c11 $(WARNINGS) $(CFLAGS) $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lstemmer -lm

SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined

# The layers of src/, lowest first (docs/ARCHITECTURE.md draws them):
# core (pure), lang (language libraries), the edges yaml, store, io and ui,
# then app (what commands share) and cmd (one file a command).
LAYERS    = core lang yaml store io ui app cmd
SRCS      = $(sort $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c)))
OBJS      = $(SRCS:src/%.c=$(B)/obj/%.o)
SAN_OBJS  = $(SRCS:src/%.c=$(B)/san/%.o)
FZ_OBJS   = $(SRCS:src/%.c=$(B)/fz/%.o)
# One archive a layer, so a unit test, fuzz target, benchmark or tool links
# only the modules it uses and what those need.
LIBS      = $(LAYERS:%=$(B)/obj/lib%.a)
SAN_LIBS  = $(LAYERS:%=$(B)/san/lib%.a)
FZ_LIBS   = $(LAYERS:%=$(B)/fz/lib%.a)
GROUP     = -Wl,--start-group $(1) -Wl,--end-group

UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(B)/san/tests/%)
FUZZ_SRCS = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
BENCH_SRCS = $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BINS = $(BENCH_SRCS:tests/bench/%.c=$(B)/bench/%)
DEPS_STAMP = $(B)/config.mk

.PHONY: all run test unit e2e deps deps-test deps-fuzz install uninstall clean fuzz bench \
        train-coder san check-warnings check-faults check-layers screens report-screenshot

all: $(BIN)

deps:
	@sh src/tools/deps.sh $(BUILD_DEBS)
deps-test: deps
	@sh src/tools/deps.sh $(TEST_DEBS) $(BROWSER_DEBS)
deps-fuzz: deps
	@sh src/tools/deps.sh $(FUZZ_DEBS)

$(BIN): $(DEPS_STAMP) $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(B)/obj/%.o: src/%.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/san/%.o: src/%.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(B)/fz/%.o: src/%.c $(DEPS_STAMP) $(B)/fuzz-deps.stamp
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# A layer's archive: $(B)/obj/libcore.a holds $(B)/obj/core/*.o, and so on.
define layer_archive
$(B)/$(1)/lib$(2).a: $$(filter $(B)/$(1)/$(2)/%,$(3))
	@rm -f $$@
	@$(AR) rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_archive,obj,$(l),$(OBJS))))
$(foreach l,$(LAYERS),$(eval $(call layer_archive,san,$(l),$(SAN_OBJS))))
$(foreach l,$(LAYERS),$(eval $(call layer_archive,fz,$(l),$(FZ_OBJS))))

# paths.c has the share directory compiled in: rebuild it when PREFIX changes.
$(B)/sharedir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(SHAREDIR)' | cmp -s - $@ || echo '$(SHAREDIR)' > $@
$(B)/obj/io/paths.o $(B)/san/io/paths.o $(B)/fz/io/paths.o: $(B)/sharedir.stamp
FORCE:

$(B)/san/micoach: $(SAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(SAN_OBJS) $(LDLIBS)

$(B)/san/tests/%: tests/unit/%.c $(SAN_LIBS) $(B)/test-deps.stamp
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -MMD -MP -o $@ $< \
		$(call GROUP,$(SAN_LIBS)) $(LDLIBS) $(PQ_LIBS) -lcmocka

san: $(B)/san/micoach

run: $(BIN)
	$(abspath $(BIN))

# The layering (tests/check-layers.sh): which headers each layer includes,
# and that the core links no file, terminal, clock or database call.
check-layers: $(OBJS)
	@sh tests/check-layers.sh $(B)/obj

# check-layers, the cmocka unit tests and the end-to-end tests, all against
# the AddressSanitizer and UBSan build; the end-to-end tests drive
# $(B)/san/micoach. A throwaway PostgreSQL server (tests/pg/server.sh: a
# Unix socket in a temporary directory, removed at the end) serves the
# tests of the organisation's store.
test: $(DEPS_STAMP) $(B)/test-deps.stamp $(B)/browser-deps.stamp $(B)/npm.stamp check-layers $(UNIT_BINS) $(B)/san/micoach $(BIN)
	@MICOACH=$(B)/san/micoach MICOACH_BUILD=$(abspath $(B)) sh tests/pg/server.sh sh tests/run.sh $(UNIT_BINS)

# The schema-agreement test's JavaScript (tests/schema/agree.js: ajv and a
# YAML reader, pinned by tests/schema/package-lock.json), for the tests only:
# installed from the npm registry into $(B)/npm.
$(B)/npm.stamp: tests/schema/package.json tests/schema/package-lock.json $(B)/test-deps.stamp
	@mkdir -p $(B)/npm
	@cp tests/schema/package.json tests/schema/package-lock.json $(B)/npm/
	@cd $(B)/npm && npm ci --no-audit --no-fund --silent
	@touch $@

unit: $(B)/test-deps.stamp $(UNIT_BINS)
	@sh tests/pg/server.sh sh tests/run.sh --unit-only $(UNIT_BINS)

# The main screens dumped headless (tests/screens/*.txt, which make test
# compares exactly) and docs/screens.md made from them: run it when a
# screen changes on purpose, then commit what it wrote.
screens: $(BIN)
	@sh tests/screens.sh $(abspath $(BIN))

# The screenshot of the HTML report in docs/trainer-guide.md: the trainer
# loop's end-to-end test renders its cohort's report in headless Chromium
# into $(B)/report.png; this copies it into docs/. Run it when the report's
# look changes on purpose, then commit docs/report.png.
report-screenshot: $(DEPS_STAMP) $(B)/test-deps.stamp $(B)/browser-deps.stamp $(B)/san/micoach
	@MICOACH=$(B)/san/micoach MICOACH_BUILD=$(abspath $(B)) E2E=test_trainer_loop sh tests/run.sh
	cp $(B)/report.png docs/report.png

# Fault tests (tests/faults/): SIGKILL, locks, read-only, full disk, damaged
# databases, hostile input, valgrind. See docs/reliability.md.
check-faults: $(DEPS_STAMP) $(B)/test-deps.stamp $(BIN) $(B)/san/micoach
	@MICOACH=$(abspath $(BIN)) MICOACH_SAN=$(abspath $(B)/san/micoach) sh tests/faults/run.sh

check-warnings:
	$(MAKE) clean && $(MAKE) CFLAGS='-O2 -g -Werror' micoach

$(B)/fuzz/%: tests/fuzz/%.c $(FZ_LIBS) $(B)/fuzz-deps.stamp
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(call GROUP,$(FZ_LIBS)) $(LDLIBS)

# Each fuzz target for FUZZ_TIME seconds, seeded from tests/fuzz/corpus/NAME.
FUZZ_TIME ?= 60
fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_BINS)

$(B)/bench/%: tests/bench/%.c $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O2 -o $@ $< $(call GROUP,$(LIBS)) $(LDLIBS) $(PQ_LIBS)

# One table of figures beside their targets; ANNOMI=path adds the corpus runs.
# The PostgreSQL figures run on a throwaway server with fsync on and 1GB of
# shared buffers, as an administrator would set up a real one.
bench: $(BIN) $(BENCH_BINS) $(B)/tools/train-coder $(B)/test-deps.stamp
	@BIN=$(abspath $(BIN)) TRAIN_CODER=$(B)/tools/train-coder MICOACH_PG_FSYNC=on MICOACH_PG_SHARED_BUFFERS=1GB \
		sh tests/pg/server.sh sh tests/bench/run.sh $(BENCH_BINS)

# The coder's model from AnnoMI's development split (not in the repository)
# and the practice corpus (data/corpus/, in it); docs/scoring.md.
ANNOMI ?= ../shared/annomi/dev.csv
CORPUS ?= data/corpus
TOOL_SRCS = $(sort $(wildcard src/tools/*.c))
train-coder: $(B)/tools/train-coder
	$(B)/tools/train-coder $(ANNOMI) $(CORPUS) data/coder.model

$(B)/tools/train-coder: $(TOOL_SRCS) src/tools/train.h $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O2 -o $@ $(TOOL_SRCS) $(call GROUP,$(LIBS)) $(LDLIBS) -lwordnet

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(SHAREDIR)/data
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/micoach
	install -m 644 docs/micoach.1 $(DESTDIR)$(MANDIR)/micoach.1
	install -m 644 data/coder.model $(DESTDIR)$(SHAREDIR)/data/
	cd scenarios && find . -type d -exec install -d $(DESTDIR)$(SHAREDIR)/scenarios/{} \;
	cd scenarios && find . -type f -name '*.yaml' -exec install -m 644 {} $(DESTDIR)$(SHAREDIR)/scenarios/{} \;
	@# The authoring guide's worked example (its modeline pointed at the
	@# installed schema), the JSON Schemas and the documentation.
	install -d $(DESTDIR)$(SHAREDIR)/worked-example $(DESTDIR)$(SHAREDIR)/doc
	install -m 644 docs/scenario.schema.json docs/pack.schema.json $(DESTDIR)$(SHAREDIR)/
	for f in tests/data/worked-example/*.yaml; do \
		sed 's|^# yaml-language-server: $$schema=.*/\([a-z]*\.schema\.json\)$$|# yaml-language-server: $$schema=../\1|' \
			"$$f" >$(DESTDIR)$(SHAREDIR)/worked-example/$${f##*/} && \
		chmod 644 $(DESTDIR)$(SHAREDIR)/worked-example/$${f##*/} || exit 1; \
	done
	install -m 644 README.md docs/*.md docs/*.png $(DESTDIR)$(SHAREDIR)/doc/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/micoach $(DESTDIR)$(MANDIR)/micoach.1
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf $(B) $(BIN)

-include $(OBJS:.o=.d) $(SAN_OBJS:.o=.d) $(FZ_OBJS:.o=.d) $(UNIT_BINS:=.d)
