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

clean:
	rm -rf .build out
