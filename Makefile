# Thin wrapper over CMake + CTest. `make` builds build/bedback.
MAKEFLAGS += --no-print-directory
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
EXAMPLE    ?= examples/side-sleeper.json
JOBS       ?= 2

.PHONY: all deps configure run check test asan fuzz fuzz-ci bench format lint clean

all: configure
	@cmake --build $(BUILD) -j$(JOBS)

deps:
	@scripts/install-deps

configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) >/dev/null

# The main job: an assessment. Interactive on a terminal; otherwise the
# bundled example answers.
run: deps configure
	@cmake --build $(BUILD) -j$(JOBS) --target bedback_cli >$(BUILD)/run-build.log 2>&1 \
	  || { cat $(BUILD)/run-build.log; exit 1; }
	@if [ -t 0 ] && [ -t 1 ]; then $(BUILD)/bedback assess; \
	else $(BUILD)/bedback assess --answers $(EXAMPLE); fi

# Every test, twice: a gcc build, then a clang build under ASan + UBSan.
check: deps all
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory asan

test: all
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

asan:
	@test -f $(ASAN_BUILD)/CMakeCache.txt || CC=clang cmake -S . -B $(ASAN_BUILD) \
	  -DBB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# libFuzzer targets (clang). FUZZ_SECONDS per target; corpora in fuzz/corpus/.
fuzz:
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || CC=clang cmake -S . -B $(FUZZ_BUILD) \
	  -DBB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_answers fuzz_expr fuzz_kb fuzz_fit fuzz_date fuzz_diary
	@for t in answers expr kb fit date diary; do \
	  echo "fuzz_$$t: $(FUZZ_SECONDS)s"; \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t; \
	  $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
	    -artifact_prefix=$(FUZZ_BUILD)/ $$(test -f fuzz/$$t.dict && echo -dict=fuzz/$$t.dict) $(FUZZ_BUILD)/corpus-$$t fuzz/corpus/$$t \
	    >$(FUZZ_BUILD)/fuzz_$$t.log 2>&1; s=$$?; grep -E 'DONE|^Done' $(FUZZ_BUILD)/fuzz_$$t.log; \
	  if [ $$s -ne 0 ]; then tail -n 40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; fi; \
	done

# The figures only: the build's own output goes to a log, shown if it fails.
bench: deps configure
	@cmake --build $(BUILD) -j$(JOBS) --target bedback_cli bench_assess proc_time bench_diary \
	  bench_fit >$(BUILD)/bench-build.log 2>&1 || { cat $(BUILD)/bench-build.log; exit 1; }
	@$(BUILD)/bench/bench_assess examples/*.json
	@bench/run-process-bench $(BUILD)/bedback examples/side-sleeper.json
	@$(BUILD)/bench/bench_diary
	@$(BUILD)/bench/bench_fit $(BUILD)/bedback examples/back-sleeper-not-asked.json

format:
	@clang-format -i include/*.h src/*.c src/*.h cli/*.c cli/*.h tests/*.c tests/unit/*.c tests/unit/*.h \
	  fuzz/*.c bench/*.c tools/*.c 2>/dev/null || true

lint: configure
	@cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 --suppress=missingIncludeSystem --suppress=ctuuninitvar \
	  -Iinclude -Isrc src cli
	@clang-tidy -p $(BUILD) --quiet src/*.c cli/*.c

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
