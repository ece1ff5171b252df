# marsad — GNU Make build. `make help` lists the targets.
#
# Out-of-tree: objects and programs go to $(BUILD) (build/ by default; build-asan/ for
# the sanitizer run, build-fuzz/ for libFuzzer). Missing Debian packages are installed
# by scripts/install-deps.sh the first time a build needs them.

VERSION  := 0.2.0
PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
SANITIZE ?=

WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wpointer-arith -Wformat=2 -Wvla -Wundef
CFLAGS   ?= -O2 -g
CPPFLAGS += -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -fPIC -MMD -MP -pthread

ifeq ($(SANITIZE),1)
  ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS    += -fsanitize=address,undefined
endif
ifeq ($(SANITIZE),fuzz)
  ALL_CFLAGS += -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
endif

PKGS       := libutf8proc libxml-2.0 zlib libzstd jansson sqlite3 libmicrohttpd
DEP_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEP_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm -pthread
BENCH_LIBS  = $(shell pkg-config --libs libzstd 2>/dev/null)

# Every module folder under src/ is library code but the tool (cli), the HTTP server
# (server, linked into the tool as `marsad serve`) and the SQLite extension (fts5), which
# link the library.
LIB_SRC  := $(filter-out src/cli/% src/server/% src/fts5/%,$(wildcard src/*/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
SRV_SRC  := $(wildcard src/server/*.c)
# The web page's files, embedded into the server (scripts/embed.c); names relative to web/
WEB_FILES := $(shell find web -type f ! -name '.*' 2>/dev/null | sed 's|^web/||' | LC_ALL=C sort)
GEN_SRC  := $(BUILD)/gen/stopwords_data.c \
            $(patsubst data/cues/%.txt,$(BUILD)/gen/cues_%.c,$(wildcard data/cues/*.txt)) \
            $(patsubst data/gazetteer/%.tsv,$(BUILD)/gen/gaz_%.c,$(wildcard data/gazetteer/*.tsv)) \
            $(patsubst data/lexicon/%.txt,$(BUILD)/gen/lex_%.c,$(wildcard data/lexicon/*.txt)) \
            $(BUILD)/gen/stories_df_prior.c
TEST_SRC := $(wildcard tests/unit/*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:%.c=%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o) $(SRV_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen-server/web_assets.o
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

STATIC   := $(BUILD)/libmarsad.a
SHARED   := $(BUILD)/libmarsad.so.$(VERSION)
SONAME   := libmarsad.so.0
BIN      := $(BUILD)/marsad
DEPS_OK  := $(BUILD)/.deps-ok

.PHONY: all run test test-server test-web asan fault bench fuzz format format-check clean install \
        uninstall help story-prior
all: $(BIN) $(STATIC) $(SHARED)

help:
	@echo "make          build libmarsad (static, shared) and the marsad tool"
	@echo "make run      build and run the main job on data/examples/"
	@echo "make test     unit and end-to-end tests"
	@echo "make test-server  the server's answers against docs/openapi.yaml (npm ci: ajv, yaml)"
	@echo "make test-web the web page in a headless chromium (tests/web; installs chromium, npm modules)"
	@echo "make asan     the tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@echo "make fault    the fault harness, short form: failed allocations, I/O errors, a full disk, damaged files"
	@echo "make bench    analysis, codecs, extraction, index and search; marsad beside Lucene, FTS5, Xapian (needs ../shared)"
	@echo "make fuzz     build libFuzzer targets and run each FUZZ_SECONDS (default 60)"
	@echo "make format   clang-format the sources (format-check only checks)"
	@echo "make install  PREFIX=$(PREFIX) (with marsad.pc for pkg-config)"

# Install missing Debian packages once per build directory (again when the list changes).
$(DEPS_OK): scripts/install-deps.sh
	@mkdir -p $(@D)
	@scripts/install-deps.sh --check || scripts/install-deps.sh
	@touch $@

$(BUILD)/gen/stopwords_data.c: data/stopwords-ar.txt scripts/gen-wordlist.sh | $(DEPS_OK)
	@mkdir -p $(@D)
	sh scripts/gen-wordlist.sh msd_stopwords_builtin $< > $@

$(BUILD)/gen/cues_%.c: data/cues/%.txt scripts/gen-wordlist.sh | $(DEPS_OK)
	@mkdir -p $(@D)
	sh scripts/gen-wordlist.sh msd_cues_$* $< > $@

$(BUILD)/gen/gaz_%.c: data/gazetteer/%.tsv scripts/gen-wordlist.sh | $(DEPS_OK)
	@mkdir -p $(@D)
	sh scripts/gen-wordlist.sh msd_gaz_$(subst -,_,$*) $< > $@

$(BUILD)/gen/lex_%.c: data/lexicon/%.txt scripts/gen-wordlist.sh | $(DEPS_OK)
	@mkdir -p $(@D)
	sh scripts/gen-wordlist.sh msd_lex_$(subst -,_,$*) $< > $@

$(BUILD)/gen/stories_df_prior.c: data/stories/df-prior.txt scripts/gen-wordlist.sh | $(DEPS_OK)
	@mkdir -p $(@D)
	sh scripts/gen-wordlist.sh msd_stories_df_prior $< > $@

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

# The library exports its public API (MARSAD_API in marsad.h) and nothing else.
$(LIB_OBJ): ALL_CFLAGS += -fvisibility=hidden

# The tool sees include/marsad.h and its own folder only: it cannot reach the library's
# internal headers, so it cannot grow logic of its own around them.
$(BUILD)/src/cli/%.o: src/cli/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) -Iinclude -D_POSIX_C_SOURCE=200809L $(ALL_CFLAGS) -c $< -o $@

# The server, as the tool: include/marsad.h and its own folder only.
$(BUILD)/src/server/%.o: src/server/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) -Iinclude -Isrc/server -D_POSIX_C_SOURCE=200809L $(ALL_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

# web/ into the binary: a table of byte arrays the server looks files up in by name.
$(BUILD)/embed: scripts/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(CFLAGS) -o $@ $<
$(BUILD)/gen-server/web_assets.c: $(BUILD)/embed $(addprefix web/,$(WEB_FILES)) Makefile
	@mkdir -p $(@D)
	$(BUILD)/embed web $(WEB_FILES) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen-server/web_assets.o: $(BUILD)/gen-server/web_assets.c
	$(CC) -Iinclude -Isrc/server -D_POSIX_C_SOURCE=200809L $(ALL_CFLAGS) $(DEP_CFLAGS) \
	    -Wno-missing-prototypes -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libmarsad.so

# The tool links the static library, so it runs from the build tree as it is.
$(BIN): $(CLI_OBJ) $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(STATIC) $(DEP_LIBS)

# ---- SQLite FTS5 tokenizer (src/fts5/): a loadable extension, libmarsad linked in ------
# SQLite is called through the sqlite3_api pointer the loader passes, so no -lsqlite3;
# --exclude-libs keeps libmarsad's symbols out of the extension's dynamic symbol table.
FTS5_EXT := $(BUILD)/marsad_fts5.so
all test: $(FTS5_EXT)
$(BUILD)/src/fts5/marsad_fts5.o: CPPFLAGS += $(shell pkg-config --cflags sqlite3 2>/dev/null)
$(FTS5_EXT): $(BUILD)/src/fts5/marsad_fts5.o $(STATIC)
	$(CC) -shared $(LDFLAGS) -Wl,--exclude-libs,ALL -Wl,--as-needed -o $@ $^ $(DEP_LIBS)

# ---- Main job ---------------------------------------------------------------------------
run: $(BIN)
	@sh scripts/run-examples.sh $(BIN)

# ---- Tests ------------------------------------------------------------------------------
# Linked with the allocation fault wrapper (below): test_fault.c fails the Nth allocation;
# and with the quotation benchmark's judge (bench/quote_score.c), which a suite checks.
$(BUILD)/test_unit: $(TEST_OBJ) $(BUILD)/tests/fault/alloc_wrap.o $(BUILD)/bench/quote_score.o \
                    $(STATIC)
	$(CC) $(LDFLAGS) $(FAULT_WRAP) -o $@ $^ $(DEP_LIBS)

# The example, built as a user builds it: against the library installed (into the build
# tree), through pkg-config, and run.
EXAMPLE_PREFIX := $(abspath $(BUILD))/stage
$(BUILD)/example_ingest_and_search: examples/ingest_and_search.c $(SHARED) $(STATIC) $(FTS5_EXT)
	@$(MAKE) -s install PREFIX=$(EXAMPLE_PREFIX) >/dev/null
	PKG_CONFIG_PATH=$(EXAMPLE_PREFIX)/lib/pkgconfig $(CC) -std=c11 $(WARN) -O2 $(LDFLAGS) $< -o $@ \
	    $$(PKG_CONFIG_PATH=$(EXAMPLE_PREFIX)/lib/pkgconfig pkg-config --cflags --libs marsad) \
	    -Wl,-rpath,$(EXAMPLE_PREFIX)/lib

# Every fuzz target, built also with this build's compiler and flags and a main() that
# replays its seeds (tests/fuzz/replay.c): the targets cannot rot between fuzzing runs,
# and the seeds run as regression tests here and under the sanitizers.
REPLAY_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/replay/%,$(wildcard tests/fuzz/fuzz_*.c))
$(REPLAY_BINS): $(BUILD)/replay/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

# The hostile clients of the server's abuse test (tests/server/abuse.sh).
$(BUILD)/server_abuse: tests/server/abuse.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(CFLAGS) -o $@ $<

# The fault library and tool (below) serve end-to-end cases of disk full and out of memory.
test: $(BUILD)/test_unit $(BIN) $(BUILD)/example_ingest_and_search $(REPLAY_BINS) \
      $(BUILD)/io_shim.so $(BUILD)/marsad-fault $(BUILD)/server_abuse
	@sh tests/run.sh $(BUILD)

# The server's answers validated against docs/openapi.yaml by ajv (tests/server/openapi.mjs);
# its npm packages come pinned by tests/server/package-lock.json. `make test` runs it too
# when they are installed already, and skips it otherwise.
test-server: $(BIN)
	cd tests/server && npm ci --no-audit --no-fund --loglevel=error
	node tests/server/openapi.mjs $(BIN)

asan:
	$(MAKE) BUILD=build-asan SANITIZE=1 test

# Browser tests of web/ against `marsad serve` on the examples (tests/web/web.test.mjs).
# Not part of `make test`: they need chromium and node, which a clone may lack; this
# target installs them (Debian's chromium, never a downloaded browser) and the two npm
# modules of tests/web/package-lock.json. MARSAD_URL=http://… tests a running server.
test-web: $(BIN)
	@[ -x /usr/bin/chromium ] || apt-get install -y -qq chromium >/dev/null || sudo apt-get install -y -qq chromium >/dev/null
	@command -v npm >/dev/null 2>&1 || apt-get install -y -qq nodejs npm >/dev/null || sudo apt-get install -y -qq nodejs npm >/dev/null
	@[ -d tests/web/node_modules/playwright-core ] && [ -d tests/web/node_modules/axe-core ] || \
	    npm ci --prefix tests/web --no-audit --no-fund
	MARSAD_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 tests/web/

# Fault injection (tests/fault/): io_shim.so, preloaded, fails the Nth write, fsync,
# rename, creation or truncation of a file, or fills the disk; marsad-fault is the tool
# with every allocation of marsad's own code through alloc_wrap.c, which fails the Nth.
FAULT_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
$(BUILD)/io_shim.so: tests/fault/io_shim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(CFLAGS) -fPIC -shared -o $@ $< -ldl
$(BUILD)/marsad-fault: $(CLI_OBJ) $(BUILD)/tests/fault/alloc_wrap.o $(STATIC)
	$(CC) $(LDFLAGS) $(FAULT_WRAP) -o $@ $^ $(DEP_LIBS)

# The fault harness, short form (tests/fault/run.sh; --full runs every N): the tool of the
# sanitizer build with allocations and file writes failing, this build's for the checks;
# then an archive damaged 120 ways (tests/fault/corrupt.sh; --full: 1,200).
fault:
	$(MAKE) BUILD=build-asan SANITIZE=1 build-asan/marsad build-asan/marsad-fault build-asan/io_shim.so
	$(MAKE) $(BIN)
	@sh tests/fault/run.sh --short
	@MARSAD=$(BIN) sh tests/fault/corrupt.sh --short

# ---- Benchmarks -------------------------------------------------------------------------
BENCH_PROGS := $(BUILD)/bench_analyze $(BUILD)/bench_codec $(BUILD)/bench_extract \
               $(BUILD)/bench_index $(BUILD)/bench_search \
               $(BUILD)/stem_agreement $(BUILD)/jsonl2warc $(BUILD)/wojood_eval \
               $(BUILD)/dedup_study $(BUILD)/story_eval $(BUILD)/quote_eval $(BUILD)/traf_eval \
               $(BIN)
$(BUILD)/bench_%: $(BUILD)/bench/bench_%.o $(BUILD)/bench/corpus.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS) $(BENCH_LIBS)
$(BUILD)/wojood_eval: $(BUILD)/bench/wojood_eval.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)
$(BUILD)/quote_eval: $(BUILD)/bench/quote_eval.o $(BUILD)/bench/quote_score.o $(BUILD)/bench/corpus.o \
                     $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS) $(BENCH_LIBS)
$(BUILD)/traf_eval: $(BUILD)/bench/traf_eval.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)
$(BUILD)/dedup_study: $(BUILD)/bench/dedup_study.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS) $(BENCH_LIBS) -lm
$(BUILD)/story_prior: $(BUILD)/bench/story_prior.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)
# The story vectors' starting document frequencies, from ../shared (committed: data/stories/)
story-prior: $(BUILD)/story_prior
	$(BUILD)/story_prior ../shared/data/saudinewsnet.jsonl.zst > data/stories/df-prior.txt
$(BUILD)/story_eval: $(BUILD)/bench/story_eval.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS) -lm
$(BUILD)/stem_agreement: $(BUILD)/bench/stem_agreement.o $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)
$(BUILD)/jsonl2warc: $(BUILD)/bench/jsonl2warc.o
	$(CC) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

bench: $(BENCH_PROGS)
	@sh bench/run.sh $(BUILD)

# ---- Fuzzing (clang + libFuzzer) ----------------------------------------------------------
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build-fuzz
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

fuzz:
	@scripts/install-deps.sh --check --fuzz || scripts/install-deps.sh --fuzz
	$(MAKE) BUILD=$(FUZZ_DIR) CC=clang SANITIZE=fuzz $(FUZZ_DIR)/libmarsad.a
	clang -O1 tests/fuzz/nfkc_dict.c $(DEP_CFLAGS) $(DEP_LIBS) -o $(FUZZ_DIR)/nfkc_dict
	$(FUZZ_DIR)/nfkc_dict > $(FUZZ_DIR)/nfkc.dict
	@for t in $(FUZZ_TARGETS); do \
	    clang $(CPPFLAGS) $(FUZZ_FLAGS) tests/fuzz/$$t.c $(FUZZ_DIR)/libmarsad.a $(DEP_LIBS) \
	        -o $(FUZZ_DIR)/$$t || exit 1; \
	done
	@sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ---- Formatting, install, clean ---------------------------------------------------------
FORMAT_FILES = $(shell find include src tests bench examples -name '*.[ch]')
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/marsad
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libmarsad.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libmarsad.so
	install -m 644 include/marsad.h $(DESTDIR)$(PREFIX)/include/
	install -D -m 755 $(FTS5_EXT) $(DESTDIR)$(PREFIX)/lib/marsad/marsad_fts5.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' marsad.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/marsad.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/marsad $(DESTDIR)$(PREFIX)/include/marsad.h \
	      $(DESTDIR)$(PREFIX)/lib/libmarsad.* $(DESTDIR)$(PREFIX)/lib/pkgconfig/marsad.pc \
	      $(DESTDIR)$(PREFIX)/lib/marsad/marsad_fts5.so

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
