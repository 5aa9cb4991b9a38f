# sockscope: the two commands that matter on a fresh Debian 12 machine are
#   make run    install what is missing, build, run `sockscope check` here
#   make test   install what is missing, build, run every test (plain, sanitized, fuzz)
#               and the static analysis (clang-tidy, cppcheck)
# Everything else is a step of those two or a developer convenience.

BUILD      ?= build
SAN_BUILD  ?= build-san
JOBS       ?= $(shell nproc)
# 20 s per target in make test keeps the whole run under 25 minutes on 2 cores
# (13 targets, two at a time); fuzz longer with make fuzz FUZZ_SECONDS=600.
FUZZ_SECONDS ?= 20
RUN_ARGS   ?= check
SAN        ?= 1

CMAKE_COMMON := -G Ninja -DSOCKSCOPE_WERROR=ON

.PHONY: all deps deps-build deps-bench configure bin build run test unit-test cli-test goldens \
        install deb image \
        san-build san-test fuzz bench soak format format-check lint clean

all: build

# Package groups of scripts/install-deps.sh: build (the binary), test (build
# plus everything the tests need: the default), bench (test plus benchmarks).
deps-build:
	@bash scripts/install-deps.sh build
deps:
	@bash scripts/install-deps.sh test
deps-bench:
	@bash scripts/install-deps.sh bench

# -g1: line tables only (backtraces, perf), a quarter less compile time than -g.
# Configuring again is cheap and picks up test libraries installed since.
configure:
	cmake -S . -B $(BUILD) $(CMAKE_COMMON) -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null

build: deps
	$(MAKE) configure
	cmake --build $(BUILD) -j $(JOBS)

# Only the sockscope target: the layer libraries and main.cpp, no test or
# benchmark object. Check on a clean directory with
#   make configure BUILD=/tmp/b && ninja -C /tmp/b -t commands sockscope | grep -c ' -c '
# (every compile it would run; none under tests/ or bench/).
bin: deps-build
	$(MAKE) configure
	cmake --build $(BUILD) -j $(JOBS) --target sockscope

# make install [PREFIX=/usr/local] [DESTDIR=/staging]: binary, man pages, bash
# and zsh completion, systemd unit, docs (GNU layout under PREFIX).
PREFIX ?= /usr/local
install: bin
	cmake --build $(BUILD) --target docs
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# make deb: the Debian package (scripts/make-deb.sh), written here.
deb: bin
	bash scripts/make-deb.sh $(BUILD) .

# make image: the container image of deploy/container/Containerfile, built
# with buildah (root, vfs storage, chroot isolation; the Debian 12 base is
# made with debootstrap where no registry is reachable): localhost/sockscope
# in buildah's storage and sockscope_VERSION.oci.tar here.
image: deps
	bash scripts/make-image.sh .

run: bin
	./$(BUILD)/sockscope $(RUN_ARGS); rc=$$?; echo "sockscope exited with $$rc (0 ok, 1 warnings, 2 critical, 3 could not inspect)"; [ $$rc -le 2 ]

unit-test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

# The CLI golden tier alone (tests/cli/README.md), and rewriting its goldens
# after an intended change of output (review the diff before committing).
cli-test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L cli
goldens: build
	cd $(BUILD) && SOCKSCOPE_UPDATE_GOLDENS=1 ctest -j $(JOBS) -L cli -R Golden >/dev/null; \
	  git -C $(CURDIR) status --short tests/cli/goldens

# One clang 14 build serves both the sanitizer run and the fuzzers: every
# library is compiled with AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer's coverage instrumentation (fuzzer-no-link), so it is built once.
san-build: deps
	# _GLIBCXX_ASSERTIONS (bounds-checked operator[]) is set by SOCKSCOPE_SANITIZE.
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

bench: deps-bench build
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
