# Thin wrapper over CMake + CTest. `make` builds build/bedback (the program
# and its library only; the tests and benchmarks are built by the targets
# that run them).
MAKEFLAGS += --no-print-directory
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
EXAMPLE    ?= examples/side-sleeper.json
JOBS       ?= 2
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all man deps configure run check test test-programs asan fuzz fuzz-ci bench valgrind \
  format lint install uninstall clean

# $(call configure,DIR,CMAKE ARGUMENTS,ENVIRONMENT): configure DIR unless its
# generated build files are there. The build files, not CMakeCache.txt, say
# whether a configure worked: a failed one (a missing library, say) leaves a
# cache and no Makefile, and used to break every later target until
# `make clean`. Before configuring, the build's Debian packages are checked
# (scripts/install-deps --check-build says which are missing and what to
# run); a failed configure drops its cache, so nothing half-made is kept.
define configure
	@if [ ! -f $(1)/Makefile ] && [ ! -f $(1)/build.ninja ]; then \
	  scripts/install-deps --check-build || exit 1; \
	  rm -f $(1)/CMakeCache.txt; mkdir -p $(1); \
	  if ! $(3) cmake -S . -B $(1) $(2) >$(1)/configure.log 2>&1; then \
	    grep -Ev '^-- [^ ]' $(1)/configure.log >&2; rm -f $(1)/CMakeCache.txt; \
	    echo "make: configuring $(1) failed (the full log: $(1)/configure.log)" >&2; \
	    scripts/install-deps --check >&2; exit 1; \
	  fi; \
	fi
endef

all: configure
	@cmake --build $(BUILD) -j$(JOBS)

deps:
	@scripts/install-deps

configure:
	$(call configure,$(BUILD),,)

# The main job: an assessment. Interactive on a terminal; otherwise the
# bundled example answers, and it says so (they are not the person's).
run: deps configure
	@cmake --build $(BUILD) -j$(JOBS) --target bedback_cli >$(BUILD)/run-build.log 2>&1 \
	  || { cat $(BUILD)/run-build.log; exit 1; }
	@if [ -t 0 ] && [ -t 1 ]; then $(BUILD)/bedback assess; \
	else echo "make run: not on a terminal, so no interview: this is the assessment of the bundled example answers, $(EXAMPLE), not yours. For your own: run \`$(BUILD)/bedback assess\` on a terminal, or \`$(BUILD)/bedback assess --answers FILE\`." >&2; \
	  $(BUILD)/bedback assess --answers $(EXAMPLE); fi

# Every test, twice: a gcc build, then a clang build under ASan + UBSan.
# The benchmarks are built too (not run), so that they keep compiling.
check: deps test-programs
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory asan

# The program, the tests and the benchmarks. The program first, alone: its
# build regenerates the build files when CMakeLists changed (a build folder
# from an older checkout does not know the newer targets yet).
test-programs: configure
	@cmake --build $(BUILD) -j$(JOBS) --target bedback_cli
	@cmake --build $(BUILD) -j$(JOBS) --target bb_test_programs bb_bench_programs

test: test-programs
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

asan:
	$(call configure,$(ASAN_BUILD),-DBB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug,CC=clang)
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target bedback_cli
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target bb_test_programs bb_bench_programs
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# A representative set of commands (assess in every format, questions, kb
# check, fit, log/setup/trend/export on a temporary diary, error paths) under
# valgrind; fails on any error it reports or any definite leak. About 20 s of
# CPU (2-4.5 minutes on a loaded 2-vCPU machine), so a CI step (.ci/run) rather
# than part of `make check`.
# It runs bedback_dynamic, the program's objects linked dynamically: the
# program itself is a static PIE (CMakeLists.txt, BB_STATIC_PIE), in which
# memcheck cannot replace malloc and so would see no leak.
valgrind: deps all
	@cmake --build $(BUILD) -j$(JOBS) --target bedback_dynamic
	@sh tests/valgrind.sh $(BUILD)/bedback_dynamic .

# libFuzzer targets (clang). FUZZ_SECONDS per target; corpora in fuzz/corpus/.
fuzz:
	$(call configure,$(FUZZ_BUILD),-DBB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo,CC=clang)
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_answers fuzz_expr fuzz_kb fuzz_fit fuzz_date fuzz_diary fuzz_batch fuzz_jsonw fuzz_fhir fuzz_request
	@for t in answers expr kb fit date diary batch jsonw fhir request; do \
	  echo "fuzz_$$t: $(FUZZ_SECONDS)s"; \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t; \
	  $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
	    -artifact_prefix=$(FUZZ_BUILD)/ $$(test -f fuzz/$$t.dict && echo -dict=fuzz/$$t.dict) $(FUZZ_BUILD)/corpus-$$t fuzz/corpus/$$t \
	    >$(FUZZ_BUILD)/fuzz_$$t.log 2>&1; s=$$?; grep -E 'DONE|^Done' $(FUZZ_BUILD)/fuzz_$$t.log; \
	  if [ $$s -ne 0 ]; then tail -n 40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; fi; \
	done

# The figures only: the build's own output goes to a log, shown if it fails.
bench: deps configure
	@cmake --build $(BUILD) -j$(JOBS) --target bedback_cli bedback_serve bench_assess proc_time bench_diary \
	  bench_fit bench_parsers clips_gen gen_records peak_rss bench_serve >$(BUILD)/bench-build.log 2>&1 \
	  || { cat $(BUILD)/bench-build.log; exit 1; }
	@$(BUILD)/bench/bench_assess examples/*.json
	@TARGET=1.3 bench/run-process-bench $(BUILD)/bedback examples/emergency.json
	@bench/run-process-bench $(BUILD)/bedback examples/side-sleeper.json
	@$(BUILD)/bench/bench_diary
	@$(BUILD)/bench/bench_fit $(BUILD)/bedback examples/back-sleeper-not-asked.json
	@if command -v valgrind >/dev/null 2>&1; then bench/run-fit-share $(BUILD)/bedback $(EXAMPLE); fi
	@$(BUILD)/bench/bench_parsers
	@bench/run-batch-bench $(BUILD)
	@$(BUILD)/bench/bench_serve examples/back-sleeper-not-asked.json examples/side-sleeper.json
	@bench/run-serve-bench $(BUILD)

format:
	@clang-format -i include/*.h src/*.c src/*.h cli/*.c cli/*.h serve/*.c serve/*.h tests/*.c tests/unit/*.c tests/unit/*.h \
	  fuzz/*.c bench/*.c tools/*.c 2>/dev/null || true

lint: configure
	@cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 --suppress=missingIncludeSystem --suppress=ctuuninitvar \
	  -Iinclude -Isrc -Iserve src cli serve
	@clang-tidy -p $(BUILD) --quiet src/*.c cli/*.c serve/*.c

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, its manual page,
# the library's header, static library and pkg-config file (a C program then
# builds with `pkg-config --cflags --libs bedback`), and the documentation.
# The list is here once, for install and uninstall alike.
BB_VERSION := $(shell sed -n 's/^project.bedback VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
BB_DOCS    := README.md docs/api.md docs/diary.md docs/fhir.md docs/knowledge-base.md docs/model.md docs/spec/answers.md \
  docs/spec/assessment.md docs/spec/fit.md
BB_DOCDIR  := $(PREFIX)/share/doc/bedback
BB_INSTALLED := $(PREFIX)/bin/bedback $(PREFIX)/libexec/bedback/bedback-serve \
  $(PREFIX)/share/man/man1/bedback.1 \
  $(PREFIX)/include/bedback.h $(PREFIX)/lib/libbedback.a $(PREFIX)/lib/pkgconfig/bedback.pc \
  $(addprefix $(BB_DOCDIR)/,$(notdir $(BB_DOCS)))

# NOBUILD=1 installs what is built and builds nothing (the test setup_install
# does, while other tests run the program that a build would relink).
install: $(if $(NOBUILD),,configure)
	$(if $(NOBUILD),,@cmake --build $(BUILD) -j$(JOBS) --target bedback_cli bedback_serve bedback)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/bedback $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(BB_DOCDIR)
	install -m 755 $(BUILD)/bedback $(DESTDIR)$(PREFIX)/bin/bedback
	install -m 755 $(BUILD)/bedback-serve $(DESTDIR)$(PREFIX)/libexec/bedback/bedback-serve
	sed 's|/usr/local/share/doc/bedback|$(BB_DOCDIR)|' man/bedback.1 \
	  >$(DESTDIR)$(PREFIX)/share/man/man1/bedback.1
	chmod 644 $(DESTDIR)$(PREFIX)/share/man/man1/bedback.1
	install -m 644 include/bedback.h $(DESTDIR)$(PREFIX)/include/bedback.h
	install -m 644 $(BUILD)/libbedback.a $(DESTDIR)$(PREFIX)/lib/libbedback.a
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(BB_VERSION)|' scripts/bedback.pc.in \
	  >$(DESTDIR)$(PREFIX)/lib/pkgconfig/bedback.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/bedback.pc
	install -m 644 $(BB_DOCS) $(DESTDIR)$(BB_DOCDIR)

uninstall:
	rm -f $(addprefix $(DESTDIR),$(BB_INSTALLED))
	-rmdir $(DESTDIR)$(BB_DOCDIR) 2>/dev/null

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

# The manual page's SYNOPSIS, from the commands' --help (scripts/man-synopsis;
# the test man_synopsis fails when they differ).
man: all
	@scripts/man-synopsis $(BUILD)/bedback >$(BUILD)/synopsis.man
	@awk -v f=$(BUILD)/synopsis.man '/^\.\\" END SYNOPSIS/ { while ((getline l < f) > 0) print l; skip = 0 } \
	  !skip { print } /^\.\\" BEGIN SYNOPSIS/ { skip = 1 }' man/bedback.1 >$(BUILD)/bedback.1.new
	@mv $(BUILD)/bedback.1.new man/bedback.1
