# upgrade-handshake: `make demo` serves the Worker and the inspector; `make test` runs every suite.
# Both install what is missing first (wasm target, wasm-bindgen-cli, npm packages, Chromium).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8787
export WRANGLER_SEND_METRICS := false
export NO_D1_WARNING := true

CARGO ?= cargo
NODE_BIN := node_modules/.bin
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)
WASM_RAW := target/wasm32-unknown-unknown/release/upgrade_handshake.wasm
GEN := pkg/gen
# The features rustc >= 1.87 emits for wasm32-unknown-unknown; wasm-opt must accept them.
# --low-memory-unused: rust-lld puts the 1 MiB stack first, growing down from 1 MiB, and the data
# and heap above it, so no address below 1024 is used unless the stack is all but exhausted; it
# lets wasm-opt fold more address arithmetic (0.3 KB of the .wasm, gzipped). --converge: -Oz
# again until nothing shrinks.
WASM_OPT_FLAGS := -Oz --low-memory-unused --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers

.PHONY: all pkg demo test test-rust test-node test-worker test-e2e test-runtimes test-examples lint setup \
	setup-rust setup-node setup-chromium bench fuzz conformance clean

all: pkg

## ---- set-up -------------------------------------------------------------------------------
setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (matches Cargo.lock)"; \
		$(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# `npm ci` refuses this lock file: the registry serves deno's platform packages for linux-x64 only, so the
# lock cannot list the others. `npm install` installs exactly the locked versions all the same.
node_modules/.package-lock.json: package.json package-lock.json
	npm install --no-audit --no-fund
	@touch $@

setup-node: node_modules/.package-lock.json

setup-chromium:
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else echo "Debian's chromium is missing: run 'sudo apt-get install -y chromium'" >&2; exit 1; fi; \
	fi

setup: setup-rust setup-node

## ---- the npm package ----------------------------------------------------------------------
pkg: setup
	$(CARGO) build --lib --release --target wasm32-unknown-unknown --features binding
	wasm-bindgen --target web --experimental-reset-state-function --out-dir $(GEN) --out-name upgrade_handshake --no-typescript $(WASM_RAW)
	$(NODE_BIN)/wasm-opt $(WASM_OPT_FLAGS) $(GEN)/upgrade_handshake_bg.wasm -o $(GEN)/upgrade_handshake_bg.wasm
	node pkg/tools/catalogue.mjs
	@rm -rf www/vendor/upgrade-handshake && mkdir -p www/vendor/upgrade-handshake
	@node -e 'const p=require("./pkg/package.json");console.log(p.files.join("\n"))' | \
		while read -r f; do mkdir -p "www/vendor/upgrade-handshake/$$(dirname "$$f")"; cp "pkg/$$f" "www/vendor/upgrade-handshake/$$f"; done
	@printf 'pkg: %s bytes of wasm (%s gzipped)\n' "$$(wc -c < $(GEN)/upgrade_handshake_bg.wasm)" "$$(gzip -9c $(GEN)/upgrade_handshake_bg.wasm | wc -c)"

## ---- demo ---------------------------------------------------------------------------------
# AUDIT_PRIVATE=1: the inspector's Audit tab may audit servers on this machine (loopback, private).
demo: pkg
	@echo "Serving the Worker and the inspector at http://127.0.0.1:$(PORT)/"
	$(NODE_BIN)/wrangler dev --ip 127.0.0.1 --port $(PORT) --show-interactive-dev-session=false --var AUDIT_PRIVATE:1

## ---- tests --------------------------------------------------------------------------------
test: pkg setup-chromium
	$(MAKE) --no-print-directory test-rust test-node test-worker test-e2e test-runtimes test-examples

test-rust:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target wasm32-unknown-unknown --features binding -- -D warnings
	$(CARGO) test --features serde
	$(CARGO) build --lib --no-default-features --target thumbv7em-none-eabi 2>/dev/null || \
		{ rustup target add thumbv7em-none-eabi && $(CARGO) build --lib --no-default-features --target thumbv7em-none-eabi; }

test-node:
	node --test tests/js/*.test.js

test-worker:
	node --test --test-concurrency=1 tests/worker/*.test.js

test-e2e:
	node --test --test-concurrency=1 tests/e2e/*.test.js

test-runtimes:
	$(NODE_BIN)/deno run --quiet --allow-read --allow-env tests/runtimes/smoke.mjs
	$(NODE_BIN)/bun tests/runtimes/smoke.mjs

# Every file of examples/ started as a real server on 127.0.0.1 (PORT, ORIGINS), with real clients.
test-examples:
	node --test --test-concurrency=1 tests/examples/*.test.js

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

clean:
	rm -rf target $(GEN) www/vendor dist .wrangler

## ---- benchmarks (issue 8) ------------------------------------------------------------------
# Criterion (vs tungstenite), Node interleaved rounds (vs node:crypto, websocket-driver), issue 7's
# linear-time figures, size, start-up (Node, workerd) and edge throughput (Worker vs ws); prints a
# table and writes docs/BENCHMARKS.md. BENCH_QUICK=1 for a short smoke run.
bench: pkg
	node bench/run.mjs

## ---- hardening (issue 7) -------------------------------------------------------------------
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := negotiate verify h2c_settings extensions parse_differential

# Each cargo-fuzz target for FUZZ_SECONDS, seeded from tests/adversarial.json; prints the
# executions per target. A crash fails the run and leaves its input in fuzz/artifacts/<target>/.
fuzz: setup-node
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz || $(CARGO) install cargo-fuzz --locked
	cd fuzz && $(CARGO) +nightly fuzz build -O
	node fuzz/seed.mjs
	@mkdir -p fuzz/target
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		( cd fuzz && $(CARGO) +nightly fuzz run -O $$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 ) \
			> fuzz/target/$$t.log 2>&1 || { tail -n 60 fuzz/target/$$t.log; echo "fuzz: $$t FAILED (input in fuzz/artifacts/$$t/)"; exit 1; }; \
	done
	@echo "fuzz: executions per target ($(FUZZ_SECONDS) s each)"
	@for t in $(FUZZ_TARGETS); do \
		printf '  %-13s %12s execs  %s\n' "$$t" "$$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz/target/$$t.log)" \
			"$$(grep -E '^Done' fuzz/target/$$t.log)"; \
	done

# The handshake audit (the package's audit(), as the CLI runs it) against ws, websocket-driver, Python
# websockets and this Worker under wrangler dev (all on 127.0.0.1); rewrites docs/CONFORMANCE.md and
# www/conformance.json (the inspector's Audit tab shows each server's answer per case from it).
conformance: pkg
	node tests/conformance/run.mjs
