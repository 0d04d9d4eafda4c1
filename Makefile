# Knutepunkt. `make run` sets up everything and serves http://127.0.0.1:8080;
# `make test` runs every test. Thin wrappers over scripts/ and CMake.
BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= sqlite:var/knutepunkt.db

.PHONY: all deps build run test bench bench-families bench-activities clean
all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	@bash scripts/run.sh $(BUILD) $(DB)

test: deps
	@bash scripts/test.sh

bench: build
	@bash bench/run.sh
	@bash bench/families.sh
	@bash bench/activities.sh

bench-families: build
	@bash bench/families.sh

bench-activities: build
	@bash bench/activities.sh

clean:
	rm -rf build build-asan build-fuzz
