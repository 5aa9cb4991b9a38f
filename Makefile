# sockscope: the two commands that matter on a fresh Debian 12 machine are
#   make run    install what is missing, build, run `sockscope check` here
#   make test   install what is missing, build, run every test (plain, sanitized, fuzz)
#               and the static analysis (clang-tidy, cppcheck)
# Everything else is a step of those two or a developer convenience.

BUILD      ?= build
SAN_BUILD  ?= build-san
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 30
RUN_ARGS   ?= check
SAN        ?= 1

CMAKE_COMMON := -G Ninja -DSOCKSCOPE_WERROR=ON

.PHONY: all deps build run test unit-test san-build san-test fuzz bench soak format format-check lint clean

all: build

deps:
	@bash scripts/install-deps.sh

# -g1: line tables only (backtraces, perf), a quarter less compile time than -g.
$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) $(CMAKE_COMMON) -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/sockscope $(RUN_ARGS); rc=$$?; echo "sockscope exited with $$rc (0 ok, 1 warnings, 2 critical, 3 could not inspect)"; [ $$rc -le 2 ]

unit-test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

# One clang 14 build serves both the sanitizer run and the fuzzers: every
# library is compiled with AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer's coverage instrumentation (fuzzer-no-link), so it is built once.
san-build: deps
	cmake -S . -B $(SAN_BUILD) $(CMAKE_COMMON) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DSOCKSCOPE_SANITIZE=ON -DSOCKSCOPE_FUZZ=ON -DSOCKSCOPE_BENCH=OFF -DSOCKSCOPE_TESTS=ON
	cmake --build $(SAN_BUILD) -j $(JOBS)

san-test: san-build
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 600

fuzz: san-build
	bash tests/fuzz/run_all.sh $(SAN_BUILD)/tests/fuzz $(FUZZ_SECONDS)

test: format-check unit-test
ifeq ($(SAN),1)
test: san-test
endif
test: fuzz lint

bench: build
	bash bench/run.sh $(BUILD)
	./$(BUILD)/bench/micro_bench --benchmark_min_time=0.2

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

format-check: deps
	clang-format --dry-run -Werror $$(git ls-files '*.cpp' '*.h')

lint: build
	bash scripts/lint.sh $(BUILD)

# The exporter scraped every 100 ms under churn (docs/reliability.md); root.
soak: build
	bash bench/soak.sh $(BUILD) $${SOAK_SECONDS:-600}

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
