# Two commands on a fresh machine with Python 3.11+ and make:
#   make play   sets up a virtual environment and starts the game
#   make test   sets up the same environment and runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: play test setup bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

play: setup
	$(BIN)/python main.py play

# pytest exits 5 when it collected no tests: that is a failure, not a pass.
test: setup
	$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$status

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_store.py

clean:
	rm -rf $(VENV)
