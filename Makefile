# Thin wrapper so that the quick start is two commands:
#   make demo   install what is missing, build, scan fixtures/demo into out/
#   make check  install what is missing, build, run the whole test suite
#               (normal build, then AddressSanitizer + UBSan build, then the
#               formatting check, clang-tidy and bounded libFuzzer runs)
# Both are idempotent and work as root on a fresh Debian 12 machine (or as a
# user with sudo).

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 20

APT_PACKAGES = build-essential cmake pkg-config git \
	libtree-sitter-dev libgit2-dev libjansson-dev libyaml-dev \
	libpcre2-dev libhpdf-dev libsqlite3-dev libssl-dev \
	libvalijson-dev nlohmann-json3-dev \
	poppler-utils fonts-dejavu-core python3 python3-jsonschema python3-yaml \
	sqlite3 clang-format clang-tidy ripgrep \
	openssl openssh-client clang

.PHONY: deps build demo check test asan tsan format-check tidy fuzz clean package

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

# the Debian package: $(BUILD)/cryptagion_<version>_amd64.deb (README, Install)
package: build
	cd $(BUILD) && cpack -G DEB
	@ls -l $(BUILD)/cryptagion_*_amd64.deb

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCG_SANITIZE=ON \
		-DCG_WERROR=ON -DCG_THIRD_PARTY=$(CURDIR)/$(BUILD)/third_party
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

# ThreadSanitizer over the scan's worker pool and the parallel rule
# compilation (tests/tsan.sh)
tsan: deps build
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCG_TSAN=ON \
		-DBUILD_TESTING=OFF -DCG_THIRD_PARTY=$(CURDIR)/$(BUILD)/third_party
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target cryptagion
	bash tests/tsan.sh $(CURDIR)/$(TSAN_BUILD)/cryptagion $(CURDIR) $(CURDIR)/$(TSAN_BUILD)/work

format-check: deps
	clang-format --dry-run --Werror $$(git ls-files 'src/*.c' 'src/*.h' 'src/*.cpp' 'tests/*.c')

# libFuzzer (targets in tests/fuzz/) over the material readers:
# certificates, keys, configurations; FUZZ_SECONDS each. Seeds:
# tests/fuzz/seeds/ and certificates/keys generated here with openssl
# (nothing committed).
# Then the readers of rules, policies, suppressions and ignore files and
# one target per language pack (parse + rules on arbitrary bytes),
# FUZZ_SHORT_SECONDS each, seeded from the rules, the example policy and
# the labeled corpus: 3 x 20 + 13 x 8 s (plus start-up), under 4 minutes.
FUZZ_SHORT_SECONDS ?= 8
FUZZ_INPUTS = rules_loader policy suppress ignore
FUZZ_LANGS = c cpp go java javascript python rust tsx typescript
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DCG_SANITIZE=ON -DCG_FUZZ=ON \
		-DCG_THIRD_PARTY=$(CURDIR)/$(BUILD)/third_party
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_cert fuzz_key \
		fuzz_config $(addprefix fuzz_,$(FUZZ_INPUTS)) \
		$(addprefix fuzz_lang_,$(FUZZ_LANGS))
	@seed=$(FUZZ_BUILD)/seeds; mkdir -p $$seed/cert $$seed/key; \
	[ -f $$seed/cert/a.pem ] || { \
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout $$seed/key/a.key -out $$seed/cert/a.pem \
			-days 1 -subj /CN=fuzz 2>/dev/null && \
		openssl x509 -in $$seed/cert/a.pem -outform DER \
			-out $$seed/cert/a.der; }
	@for t in cert key config; do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=1 $(FUZZ_BUILD)/fuzz_$$t \
			-max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-print_final_stats=0 $(FUZZ_BUILD)/corpus/$$t \
			$$(ls -d $(FUZZ_BUILD)/seeds/$$t tests/fuzz/seeds/$$t 2>/dev/null) \
			2>$(FUZZ_BUILD)/fuzz_$$t.log || \
			{ tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	done
	@seed=$(FUZZ_BUILD)/seeds; mkdir -p $$seed/policy $$seed/ignore; \
	cp docs/cryptagion.policy.example.yaml $$seed/policy/; \
	printf '*.pem\n!keep/**\nbuild/\n/vendor\n*a*a*a*c\n' >$$seed/ignore/a; \
	for t in $(FUZZ_INPUTS) $(addprefix lang_,$(FUZZ_LANGS)); do \
		o=; case $$t in \
		rules_loader) s=rules/python; o=:fast_unwind_on_malloc=0 ;; \
		policy|ignore) s=$$seed/$$t ;; \
		suppress) s=fixtures/labeled/python ;; \
		lang_cpp) s=fixtures/labeled/c ;; \
		lang_tsx|lang_typescript) s=fixtures/labeled/javascript ;; \
		*) s=fixtures/labeled/$${t#lang_} ;; \
		esac; \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "fuzz_$$t: $(FUZZ_SHORT_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=1$$o \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 \
		$(FUZZ_BUILD)/fuzz_$$t \
			-max_total_time=$(FUZZ_SHORT_SECONDS) -max_len=65536 \
			-timeout=20 -rss_limit_mb=4096 \
			-artifact_prefix=$(FUZZ_BUILD)/ \
			-print_final_stats=0 $(FUZZ_BUILD)/corpus/$$t $$s \
			2>$(FUZZ_BUILD)/fuzz_$$t.log || \
			{ tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	done

# static analysis with the repository's .clang-tidy (any warning fails)
tidy: build
	clang-tidy -p $(BUILD) --quiet $$(git ls-files 'src/*.c')

check: test asan tsan format-check tidy fuzz
	@echo "check: all suites passed"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD) out
