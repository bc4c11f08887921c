# micoach: a terminal coach for practising motivational interviewing.
# `make run` builds and starts practising; `make test` runs every test.
# See README.md and docs/ARCHITECTURE.md.

VERSION    = 0.1.0
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

# Debian packages the build and the tests need. `make deps` installs the
# missing ones with apt-get when run as root, and otherwise names the command.
DEB_PACKAGES = pkg-config libncurses-dev libyaml-dev libsqlite3-dev libstemmer-dev \
               libcmocka-dev tmux python3 sqlite3 clang libclang-rt-14-dev valgrind

PKGS      = ncursesw yaml-0.1 sqlite3
.DEFAULT_GOAL := all

# $(B)/config.mk is made first (make restarts after making it): it installs
# or names the missing packages, then records what pkg-config says.
ifeq ($(filter clean deps uninstall,$(MAKECMDGOALS)),)
-include $(B)/config.mk
endif
$(B)/config.mk: Makefile tools/deps.sh
	@sh tools/deps.sh $(DEB_PACKAGES)
	@mkdir -p $(B)
	@printf 'PKG_CFLAGS = %s\nPKG_LIBS = %s\n' \
		"$$($(PKG_CONFIG) --cflags $(PKGS) | tr ' ' '\n' | grep -v -e '^-D_XOPEN_SOURCE' -e '^-D_DEFAULT_SOURCE' | tr '\n' ' ')" \
		"$$($(PKG_CONFIG) --libs $(PKGS))" > $@

WARNINGS  = -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wundef -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
            -DMICOACH_VERSION='"$(VERSION)"' -DMICOACH_SHARE_DIR='"$(SHAREDIR)"'
ALL_CFLAGS = -std=c11 $(WARNINGS) $(CFLAGS) $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lstemmer -lm

SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRCS      = $(sort $(wildcard src/*.c))
CORE_SRCS = $(filter-out src/main.c,$(SRCS))
OBJS      = $(SRCS:src/%.c=$(B)/obj/%.o)
SAN_OBJS  = $(SRCS:src/%.c=$(B)/san/%.o)
SAN_CORE  = $(CORE_SRCS:src/%.c=$(B)/san/%.o)
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(B)/san/tests/%)
FUZZ_SRCS = $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS = $(FUZZ_SRCS:fuzz/%.c=$(B)/fuzz/%)
BENCH_SRCS = $(sort $(wildcard bench/bench_*.c))
BENCH_BINS = $(BENCH_SRCS:bench/%.c=$(B)/bench/%)
DEPS_STAMP = $(B)/config.mk

.PHONY: all run test unit e2e deps install uninstall clean fuzz bench train-coder san check-warnings check-faults

all: $(BIN)

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

$(BIN): $(DEPS_STAMP) $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(B)/obj/%.o: src/%.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# paths.c has the share directory compiled in: rebuild it when PREFIX changes.
$(B)/sharedir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(SHAREDIR)' | cmp -s - $@ || echo '$(SHAREDIR)' > $@
$(B)/obj/paths.o $(B)/san/paths.o: $(B)/sharedir.stamp
FORCE:

$(B)/san/%.o: src/%.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(B)/san/micoach: $(SAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(SAN_OBJS) $(LDLIBS)

$(B)/san/tests/%: tests/unit/%.c $(SAN_CORE)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -MMD -MP -o $@ $< $(SAN_CORE) $(LDLIBS) -lcmocka

san: $(B)/san/micoach

run: $(BIN)
	$(abspath $(BIN))

# Unit tests (cmocka) and end-to-end tests, all against the AddressSanitizer
# and UBSan build; the end-to-end tests drive $(B)/san/micoach.
test: $(DEPS_STAMP) $(UNIT_BINS) $(B)/san/micoach $(BIN)
	@MICOACH=$(B)/san/micoach sh tests/run.sh $(UNIT_BINS)

unit: $(UNIT_BINS)
	@sh tests/run.sh --unit-only $(UNIT_BINS)

# Fault tests (tests/faults/): SIGKILL, locks, read-only, full disk, damaged
# databases, hostile input, valgrind. See docs/reliability.md.
check-faults: $(DEPS_STAMP) $(BIN) $(B)/san/micoach
	@MICOACH=$(abspath $(BIN)) MICOACH_SAN=$(abspath $(B)/san/micoach) sh tests/faults/run.sh

check-warnings:
	$(MAKE) clean && $(MAKE) CFLAGS='-O2 -g -Werror' micoach

$(B)/fuzz/%: fuzz/%.c $(CORE_SRCS) $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) -std=c11 -g -O1 $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(CORE_SRCS) $(LDLIBS)

# Each fuzz target for FUZZ_TIME seconds, seeded from fuzz/corpus/NAME.
FUZZ_TIME ?= 60
fuzz: $(FUZZ_BINS)
	@sh tools/fuzz.sh $(FUZZ_TIME) $(FUZZ_BINS)

$(B)/bench/%: bench/%.c $(CORE_SRCS) $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O2 -o $@ $< $(CORE_SRCS) $(LDLIBS)

# One table of figures beside their targets; ANNOMI=path adds the corpus runs.
bench: $(BIN) $(BENCH_BINS)
	@BIN=$(abspath $(BIN)) sh bench/run.sh $(BENCH_BINS)

ANNOMI ?= ../shared/annomi/dev.csv
train-coder: $(B)/tools/train-coder
	$(B)/tools/train-coder $(ANNOMI) data/coder.model

$(B)/tools/train-coder: tools/train-coder.c $(CORE_SRCS) $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O2 -o $@ $< $(CORE_SRCS) $(LDLIBS)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(SHAREDIR)/data
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/micoach
	install -m 644 docs/micoach.1 $(DESTDIR)$(MANDIR)/micoach.1
	install -m 644 data/* $(DESTDIR)$(SHAREDIR)/data/
	cd scenarios && find . -type d -exec install -d $(DESTDIR)$(SHAREDIR)/scenarios/{} \;
	cd scenarios && find . -type f -name '*.yaml' -exec install -m 644 {} $(DESTDIR)$(SHAREDIR)/scenarios/{} \;

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/micoach $(DESTDIR)$(MANDIR)/micoach.1
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build micoach

-include $(OBJS:.o=.d) $(SAN_OBJS:.o=.d) $(UNIT_BINS:=.d)
