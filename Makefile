# sm: Unix tools for sales management.
#
#   make            build bin/sm-* (installs missing Debian packages when root)
#   make check      unit and command-line tests, then all again under
#                   -fsanitize=address,undefined
#   make demo       run the pipeline on examples/
#   make bench      time sm against Miller, datamash, mawk and libcsv
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX	?= /usr/local
MANDIR	?= $(PREFIX)/share/man
CC	?= cc
OPT	?= -O2
CFLAGS	?= $(OPT) -g
WARN	 = -Wall -Wextra -Wshadow -Wno-unused-parameter
CPPFLAGS += -I. -D_GNU_SOURCE
LDLIBS	+= -lcsv -lm

# SANITIZE=1 builds everything into build/san with ASan and UBSan.
ifeq ($(SANITIZE),1)
B	 = build/san
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
else
B	 = build
SAN	 =
endif
BIN	 = $(if $(filter 1,$(SANITIZE)),$(B)/bin,bin)

ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SAN)
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

LIB_SRC	 = $(wildcard libsales/*.c)
LIB_OBJ	 = $(patsubst libsales/%.c,$(B)/libsales/%.o,$(LIB_SRC))
LIB	 = $(B)/libsales.a
CMD_SRC	 = $(wildcard cmd/sm-*.c)
PROGS	 = $(patsubst cmd/%.c,$(BIN)/%,$(CMD_SRC))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS	 = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC)) \
	   $(B)/tests/test_table_swar $(B)/tests/test_writer_swar
HDRS	 = $(wildcard libsales/*.h)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY = $(patsubst tests/fuzz/%.c,$(B)/fuzz/replay_%,$(FUZZ_SRC))

.PHONY: all deps check check-once unit cli demo bench install clean fuzz \
	valgrind

all: deps $(PROGS)

# Missing build dependencies: installed when we are root on Debian or
# Ubuntu, else named in one line.
deps:
	@sh tests/deps.sh

$(B)/libsales/%.o: libsales/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BIN)/%: cmd/%.c $(LIB) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(ALL_LDFLAGS) $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(LIB) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(ALL_LDFLAGS) \
	    $(LDLIBS) -lcmocka

# The table tests again on the reader's portable TSV scan (no SSE2).
$(B)/tests/test_table_swar: tests/unit/test_table.c libsales/table.c $(LIB) \
    $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DSALES_NO_SSE2 $(ALL_CFLAGS) -o $@ \
	    tests/unit/test_table.c libsales/table.c $(LIB) $(ALL_LDFLAGS) \
	    $(LDLIBS) -lcmocka

# The writer tests again on its portable row check (no SSE2).
$(B)/tests/test_writer_swar: tests/unit/test_writer.c libsales/writer.c \
    $(LIB) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DSALES_NO_SSE2 $(ALL_CFLAGS) -o $@ \
	    tests/unit/test_writer.c libsales/writer.c $(LIB) $(ALL_LDFLAGS) \
	    $(LDLIBS) -lcmocka

check: deps
	@$(MAKE) --no-print-directory check-once
	@$(MAKE) --no-print-directory SANITIZE=1 OPT=-O1 check-once

check-once: $(PROGS) $(UNITS) $(FUZZ_REPLAY)
	@SM_BIN=$(CURDIR)/$(BIN) SM_UNITS="$(UNITS) $(FUZZ_REPLAY)" \
	    sh tests/run.sh

unit: $(UNITS)
	@for t in $(UNITS); do ./$$t || exit 1; done

demo: all
	@sh examples/demo.sh bin

bench: all
	@sh bench/bench.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7

clean:
	rm -rf build bin

# Hardening: the fuzz targets tests/fuzz/fuzz_*.c replay their corpora
# in check-once (built like the unit tests); make fuzz runs them under
# clang's libFuzzer for FUZZ_SECONDS each (FUZZ_TARGETS: a few only);
# make valgrind runs every program under memcheck.
FUZZ_SECONDS ?= 600

$(B)/fuzz/replay_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
    tests/fuzz/fuzz.h $(LIB) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DFUZZ_TARGET='"$*"' -o $@ $< \
	    tests/fuzz/replay.c $(LIB) $(ALL_LDFLAGS) $(LDLIBS)

fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

valgrind: all
	@sh tests/valgrind.sh
