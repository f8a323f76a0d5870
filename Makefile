# Thin wrapper so that the quick start is two commands:
#   make demo   install what is missing, build, scan fixtures/demo into out/
#   make check  install what is missing, build, run the whole test suite
#               (normal build, then AddressSanitizer + UBSan build, then the
#               formatting check)
# Both are idempotent and work as root on a fresh Debian 12 machine (or as a
# user with sudo).

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan

APT_PACKAGES = build-essential cmake pkg-config git \
	libtree-sitter-dev libgit2-dev libjansson-dev libyaml-dev \
	libpcre2-dev libhpdf-dev libsqlite3-dev libssl-dev \
	libvalijson-dev nlohmann-json3-dev \
	poppler-utils fonts-dejavu-core python3 python3-jsonschema \
	sqlite3 clang-format ripgrep

.PHONY: deps build demo check test asan format-check clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	rm -f out/cryptagion.db out/cryptagion.db-wal out/cryptagion.db-shm
	$(BUILD)/cryptagion scan fixtures/demo -o out
	@echo "deliverables:"; ls -l out

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCG_SANITIZE=ON \
		-DCG_WERROR=ON -DCG_THIRD_PARTY=$(CURDIR)/$(BUILD)/third_party
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

format-check: deps
	clang-format --dry-run --Werror $$(git ls-files 'src/*.c' 'src/*.h' 'src/*.cpp' 'tests/*.c')

check: test asan format-check
	@echo "check: all suites passed"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out
