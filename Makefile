# taizhang build, test and run targets (GNU make, bash).
#
#   make            build ./taizhang (installs missing Debian build deps as root)
#   make run        build and start the GUI; pass CLI arguments with ARGS="..."
#   make test       go vet + go test -race
#   make bench      benchmarks only
#   make clean

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

GO        ?= go
BIN       ?= taizhang
TAGS      ?= migrated_fynedo
ARGS      ?=
# Packages for test, vet and bench, e.g. make test PKGS=./data/...
PKGS      ?= ./...
# Debian packages Fyne needs for cgo builds (OpenGL and X11 headers).
APT_PKGS  := gcc libgl1-mesa-dev xorg-dev pkg-config

.PHONY: all deps build run test bench clean

all: build

deps:
	@missing=(); \
	for p in $(APT_PKGS); do \
		dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$$p"); \
	done; \
	if (( $${#missing[@]} )); then \
		if [[ $$(id -u) -eq 0 ]]; then \
			echo "deps: installing $${missing[*]}"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -q; \
			apt-get install -y -q "$${missing[@]}"; \
		else \
			echo "deps: missing Debian packages: $${missing[*]}" >&2; \
			echo "deps: install them as root with:" >&2; \
			echo "    sudo apt-get update && sudo apt-get install -y $${missing[*]}" >&2; \
			exit 1; \
		fi; \
	fi
	@$(GO) mod download

build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

run: build
	./$(BIN) $(ARGS)

test: deps
	$(GO) vet -tags $(TAGS) $(PKGS)
	@# -v only to count tests: the per-test lines are filtered from the screen,
	@# and the last line is a plain "summary: N passed, N failed, N skipped".
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	echo "$(GO) test -tags $(TAGS) -race -count=1 $(PKGS)"; \
	set +e; \
	$(GO) test -tags $(TAGS) -race -count=1 -v $(PKGS) 2>&1 | tee "$$log" \
		| grep -Ev '^[[:space:]]*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|SKIP)|PASS$$)'; \
	status=$${PIPESTATUS[0]}; \
	set -e; \
	count() { grep -Ec "$$1" "$$log" || true; }; \
	echo "packages: $$(count '^ok[[:space:]]') ok, $$(count '^FAIL[[:space:]]') failed," \
	     "$$(count '[[:space:]]\[no test files\]$$') without tests"; \
	echo "summary: $$(count '^[[:space:]]*--- PASS') passed, $$(count '^[[:space:]]*--- FAIL') failed," \
	     "$$(count '^[[:space:]]*--- SKIP') skipped"; \
	exit $$status

bench: deps
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem $(PKGS)

clean:
	rm -f $(BIN) $(BIN).exe
	rm -rf dist
