# Two commands on a fresh machine with Python 3.11+ and make:
#   make play   sets up a virtual environment and starts the game
#   make test   sets up the same environment and runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: play test check setup bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The hot modules compiled with mypyc into .native/ (rules/native.py): rebuilt when a source they
# depend on changed, skipped with KECI_PURE_PYTHON=1; a failed build leaves pure Python.
NATIVE = $(BIN)/python -c 'import sys; from rules.native import main; sys.exit(main(sys.argv[1:]))'

setup: $(BIN)/.installed
	@$(NATIVE) build

play: setup
	$(BIN)/python main.py play

# Progress file by file as the tests run, a summary of failures, errors and skips, and the slowest
# tests. PYTEST_ARGS adds options (CI: --order random --order-seed N).
# pytest exits 5 when it collected no tests: that is a failure, not a pass.
PYTEST_ARGS ?=
test: setup
	$(BIN)/python -m pytest -rfEs --durations=15 $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$status

# The static checks CI runs: lint everything, type-check the game and the rules strictly.
check: setup
	$(BIN)/ruff check .
	$(BIN)/python -m mypy --strict game rules

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_store.py

clean:
	rm -rf $(VENV) .native
