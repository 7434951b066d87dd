# taizhang build, test and run targets (GNU make, bash).
#
#   make            build ./taizhang (installs missing Debian build deps as root)
#   make run        build and start the GUI; pass CLI arguments with ARGS="..."
#   make windows    cross-build dist/taizhang.exe for Windows (mingw-w64)
#   make windows-smoke  run dist/taizhang.exe under wine against the Linux build
#   make linux-arm64  cross-build dist/taizhang-linux-arm64 (UOS/Kylin on ARM)
#   make lint       gofmt, go vet, staticcheck, complexity bound (gocyclo)
#   make test       go vet + go test -race
#   make bench      benchmarks only
#   make print-preview  print the workbooks of a realistic month with
#                   LibreOffice and render the pages, to look at
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
# Debian packages the tests use: pdftotext reads the reports' PDFs back;
# mkfs.vfat makes the FAT32 image of the file size limit tests.
TEST_APT_PKGS := poppler-utils dosfstools
# Debian packages print-preview uses: LibreOffice prints the workbooks to
# PDF, poppler renders the pages; Carlito has Calibri's metrics, so that
# LibreOffice measures the columns (in digits of the workbook's default
# font) as Excel does.
PREVIEW_APT_PKGS := libreoffice-calc fonts-crosextra-carlito poppler-utils
PREVIEW_DIR ?= build/print-preview

# Windows cross-build: mingw-w64 C compiler and windres for the resources;
# file(1) for the check in .ci/run.
WIN_APT_PKGS := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 file
WIN_CC       ?= x86_64-w64-mingw32-gcc
WINDRES      ?= x86_64-w64-mingw32-windres
# Generated icon, manifest, resource script and .syso (not in the source tree).
WIN_BUILD    := build/windows
# go build links *.syso files of the package directory; the _windows_amd64
# suffix keeps every other build from picking it up. It exists only while
# `make windows` runs.
WIN_SYSO     := rsrc_windows_amd64.syso

# Windows smoke test (.ci/windows-smoke): wine runs the .exe (the 64-bit
# wine64; Debian 12 has wine 8.0), Xvfb, xdotool and imagemagick drive and
# photograph its GUI (xdpyinfo from x11-utils waits for Xvfb), pdftotext
# and unzip read its reports back.
SMOKE_APT_PKGS := wine wine64 xvfb xdotool imagemagick x11-utils poppler-utils unzip

# Linux arm64 cross-build (UOS/Kylin on Phytium/Kunpeng PCs): the cross C
# compiler and the arm64 OpenGL/X11 headers from Debian's multiarch.
ARM64_APT_PKGS := gcc-aarch64-linux-gnu libc6-dev-arm64-cross libgl-dev:arm64 libx11-dev:arm64 \
	libxcursor-dev:arm64 libxrandr-dev:arm64 libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64

.PHONY: all deps test-deps windows-deps smoke-deps arm64-deps build run windows windows-smoke linux-arm64 lint test bench print-preview clean

all: build

# $(call apt_ensure,TARGET,PACKAGES): install the missing Debian packages as
# root; otherwise print the apt-get command and stop.
define apt_ensure
	missing=(); \
	for p in $(2); do \
		dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$$p"); \
	done; \
	if (( $${#missing[@]} )); then \
		if [[ $$(id -u) -eq 0 ]]; then \
			echo "$(1): installing $${missing[*]}"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -q; \
			apt-get install -y -q "$${missing[@]}"; \
		else \
			echo "$(1): missing Debian packages: $${missing[*]}" >&2; \
			echo "$(1): install them as root with:" >&2; \
			echo "    sudo apt-get update && sudo apt-get install -y $${missing[*]}" >&2; \
			exit 1; \
		fi; \
	fi
endef

deps:
	@$(call apt_ensure,deps,$(APT_PKGS))
	@$(GO) mod download

windows-deps:
	@$(call apt_ensure,windows,$(WIN_APT_PKGS))
	@$(GO) mod download

smoke-deps:
	@$(call apt_ensure,windows-smoke,$(SMOKE_APT_PKGS))

arm64-deps:
	@if ! dpkg --print-foreign-architectures | grep -qx arm64; then \
		if [[ $$(id -u) -eq 0 ]]; then dpkg --add-architecture arm64; \
		else echo "linux-arm64: run as root: dpkg --add-architecture arm64" >&2; exit 1; fi; \
	fi
	@$(call apt_ensure,linux-arm64,$(ARM64_APT_PKGS))
	@$(GO) mod download

build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

# dist/taizhang.exe: 64-bit, GUI subsystem (no console window), icon,
# manifest and version information from FyneApp.toml; needs no DLLs beyond
# Windows' own, so it runs from any folder or a USB stick.
windows: windows-deps
	$(GO) run ./assets/winres -toml FyneApp.toml -exe $(BIN).exe -out $(WIN_BUILD)
	$(WINDRES) -i $(WIN_BUILD)/taizhang.rc -O coff -o $(WIN_BUILD)/$(WIN_SYSO)
	@mkdir -p dist
	trap 'rm -f $(WIN_SYSO)' EXIT; cp $(WIN_BUILD)/$(WIN_SYSO) $(WIN_SYSO); \
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WIN_CC) \
		$(GO) build -tags $(TAGS) -ldflags '-H windowsgui -s -w' -o dist/$(BIN).exe .
	@file dist/$(BIN).exe

# The .exe under wine, compared with the Linux build: see .ci/windows-smoke.
windows-smoke: windows build smoke-deps
	.ci/windows-smoke

run: build
	./$(BIN) $(ARGS)

# Style checks, run by .ci/run before the tests. staticcheck and gocyclo are
# go.mod tool directives (versions pinned there; `go mod download` fetches
# them); staticcheck.conf says which checks are on. vet and staticcheck load
# the packages with cgo, so they need the build deps.
#   gofmt -l    the tracked Go files are gofmt'ed;
#   go vet, staticcheck  as configured in staticcheck.conf;
#   gocyclo     no non-test function has a cyclomatic complexity over CYCLO_MAX
#               (25: today's code meets it, the highest being 25; split a
#               function that grows past it into well-named steps).
# With warm caches it takes a few seconds; from an empty staticcheck cache
# about 35 s of CPU.
CYCLO_MAX ?= 25
lint: deps
	@echo "gofmt -l (the tracked Go files)"; \
	unformatted=$$(git ls-files -z -- '*.go' | xargs -0r "$$($(GO) env GOROOT)/bin/gofmt" -l); \
	if [[ -n $$unformatted ]]; then \
		echo "lint: not gofmt'ed (run gofmt -w on them):" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	$(GO) vet -tags $(TAGS) $(PKGS)
	$(GO) tool staticcheck -tags $(TAGS) $(PKGS)
	$(GO) tool gocyclo -over $(CYCLO_MAX) -ignore '_test' .

test-deps:
	@$(call apt_ensure,test,$(TEST_APT_PKGS))

# Under -race the app package's fault and crash tests take minutes; the
# default of 10 minutes per package is too tight on a loaded 2-core machine.
TEST_TIMEOUT ?= 30m

test: deps test-deps
	$(GO) vet -tags $(TAGS) $(PKGS)
	@# -v only to count tests: the per-test lines are filtered from the screen,
	@# and the last line is a plain "summary: N passed, N failed, N skipped".
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	echo "$(GO) test -tags $(TAGS) -race -count=1 -timeout $(TEST_TIMEOUT) $(PKGS)"; \
	set +e; \
	$(GO) test -tags $(TAGS) -race -count=1 -timeout $(TEST_TIMEOUT) -v $(PKGS) 2>&1 | tee "$$log" \
		| grep -Ev '^[[:space:]]*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|SKIP)|PASS$$)'; \
	status=$${PIPESTATUS[0]}; \
	set -e; \
	count() { grep -Ec "$$1" "$$log" || true; }; \
	echo "packages: $$(count '^ok[[:space:]]') ok, $$(count '^FAIL[[:space:]]') failed," \
	     "$$(count '[[:space:]]\[no test files\]$$') without tests"; \
	echo "summary: $$(count '^[[:space:]]*--- PASS') passed, $$(count '^[[:space:]]*--- FAIL') failed," \
	     "$$(count '^[[:space:]]*--- SKIP') skipped"; \
	exit $$status

# The report's and the return template's workbooks of a month of long
# texts (reports/) and of the realistic month of 1,191 entries (app/), with
# the district's appendix, printed to PDF by LibreOffice as
# Excel would print them and rendered at 50 dpi (the first 40 pages of
# each) into $(PREVIEW_DIR). LibreOffice runs with a profile of its own, so
# that it does not collide with one already open.
print-preview:
	@$(call apt_ensure,print-preview,$(PREVIEW_APT_PKGS))
	rm -rf $(PREVIEW_DIR) && mkdir -p $(PREVIEW_DIR)
	TAIZHANG_PREVIEW=$(abspath $(PREVIEW_DIR)) $(GO) test -tags $(TAGS) -count=1 -run '^TestWritePrintPreview$$' ./reports/... ./app/
	cd $(PREVIEW_DIR) && soffice -env:UserInstallation=file://$(abspath $(PREVIEW_DIR))/lo-profile \
		--headless --convert-to pdf *.xlsx >/dev/null
	cd $(PREVIEW_DIR) && for p in *.pdf; do pdftoppm -r 50 -l 40 -png "$$p" "$${p%.pdf}"; done
	@echo "print-preview: $$(ls $(PREVIEW_DIR)/*.png | wc -l) pages in $(PREVIEW_DIR)"

# The start-up benchmark first writes a ledger with a year of entries and
# 1 GB of evidence (about 30 s; TAIZHANG_BENCH_EVIDENCE_MB=… for another size).
bench: deps
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -timeout 60m $(PKGS)

# dist/taizhang-linux-arm64: needs libGL and libX11 on the target, like the
# amd64 build.
linux-arm64: arm64-deps
	@mkdir -p dist
	CGO_ENABLED=1 GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc \
	PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig \
		$(GO) build -tags $(TAGS) -ldflags '-s -w' -o dist/$(BIN)-linux-arm64 .
	@file dist/$(BIN)-linux-arm64

clean:
	rm -f $(BIN) $(BIN).exe $(WIN_SYSO)
	rm -rf dist build
