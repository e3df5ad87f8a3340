# CadrePlan — the two commands of the quick start are `make run` and `make test`.
SHELL      := /bin/bash
SWIFT      ?= swift
SCENARIO   ?= scenarios/lam-dong-2025
OUT        ?= out/lam-dong-2025
CONFIG     ?= release
BIN         = .build/$(CONFIG)/cadreplan
APT_PKGS   := libglpk-dev glpk-utils

.PHONY: all deps build run test bench clean

all: build

# Installs the system packages that are missing (CI runs as root on a fresh machine).
deps:
	@missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	command -v glpsol >/dev/null 2>&1 || missing="$$missing glpk-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG) --product cadreplan

run: build
	$(BIN) solve $(SCENARIO) --out $(OUT)
	$(BIN) report $(SCENARIO) --plan $(OUT)/roster.json --out $(OUT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: build
	$(SWIFT) build -c $(CONFIG) --product cadreplan-bench && python3 bench/run.py --bin .build/$(CONFIG) $(BENCH_ARGS)

# Fuzzes the scenario loader for FUZZ_SECONDS (Tests/Fixtures/fuzz/README.md). New kinds of answer
# go to Tests/Fixtures/fuzz/seeds.txt; a case that fails or kills the process is kept under
# Tests/Fixtures/fuzz/crashers/. `make test` replays both.
FUZZ_SECONDS ?= 600
FUZZ_WORK    ?= .build/fuzz
.PHONY: fuzz
fuzz: deps
	$(SWIFT) build --build-tests
	@rm -rf $(FUZZ_WORK) && mkdir -p $(FUZZ_WORK)
	CADREPLAN_FUZZ_SECONDS=$(FUZZ_SECONDS) CADREPLAN_FUZZ_WORK=$(abspath $(FUZZ_WORK)) \
	  $(SWIFT) test --skip-build --filter 'LoaderFuzzTests/fuzz' || { \
	  if [ -f $(FUZZ_WORK)/current/seed ]; then \
	    kept=Tests/Fixtures/fuzz/crashers/seed-$$(cat $(FUZZ_WORK)/current/seed); \
	    rm -rf $$kept && mkdir -p $$kept && cp -R $(FUZZ_WORK)/current/. $$kept/ && \
	    echo "the process died on this case: kept in $$kept (add a reason.txt)"; \
	  fi; exit 1; }

clean:
	rm -rf .build out
