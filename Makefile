# Oficina Virtual EPS — every command a developer or CI needs. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_BOOTSTRAP := $(CURDIR)/.cache/uv-bootstrap
UV ?= $(shell command -v uv 2>/dev/null || echo $(UV_BOOTSTRAP)/bin/uv)
RUN := $(UV) run --frozen
# Every folder under services/ with a [tool.eps] table (scripts/service_descriptors.py): nothing to edit
# here when a service is added.
SERVICES = $(shell python3 scripts/service_descriptors.py names)
MIGRATED = $(shell python3 scripts/service_descriptors.py migrated)
SRC_DIRS = $(wildcard libs/*/src) $(wildcard services/*/src)
empty :=
space := $(empty) $(empty)
PYTEST_ARGS ?=

.PHONY: help
help: ## This list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV_BOOTSTRAP)/bin/uv:
	@echo "==> installing uv from PyPI into .cache/uv-bootstrap"
	python3 -m venv $(UV_BOOTSTRAP)
	$(UV_BOOTSTRAP)/bin/pip install --quiet "uv>=0.9,<1"

.PHONY: uv
uv: $(if $(shell command -v uv 2>/dev/null),,$(UV_BOOTSTRAP)/bin/uv)

.PHONY: sync
sync: uv ## Install the workspace (Python 3.11, every package, dev tools)
	$(UV) sync --frozen --all-packages --group dev --group bench --python 3.11

.PHONY: infra
infra: ## Install (if missing) and start PostgreSQL and Kafka on 127.0.0.1
	bash scripts/infra/postgres.sh install
	bash scripts/infra/postgres.sh start
	bash scripts/infra/postgres.sh createdbs
	bash scripts/infra/kafka.sh fetch
	bash scripts/infra/kafka.sh start

.PHONY: kcat
kcat: ## A Kafka client that is not ours, to look at topics (Debian package kcat)
	@command -v kcat >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat; } \
	  || echo "kcat could not be installed; scripts/infra/kafka.sh console-consumer works too"

.PHONY: browser
browser: ## Debian's Chromium for the web portal's browser tests (Playwright drives it; no download)
	@test -x /usr/bin/chromium || { \
	  echo "==> installing Debian's chromium (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

.PHONY: migrate
migrate: sync ## Apply every service's database migrations
	@for s in $(MIGRATED); do \
	  echo "==> migrating $$s"; \
	  (cd services/$$s && $(RUN) alembic upgrade heads) || exit 1; \
	done

.PHONY: up
up: infra sync migrate kcat ## Everything: infrastructure, services, demo population, URLs
	$(RUN) python scripts/stack.py start
	$(RUN) python scripts/stack.py seed --size 100
	$(RUN) python scripts/stack.py urls

.PHONY: down
down: ## Stop services, Kafka and PostgreSQL
	-$(RUN) python scripts/stack.py stop
	bash scripts/infra/kafka.sh stop
	bash scripts/infra/postgres.sh stop

# kustomize, built from the Go module proxy (no download site) into .cache/bin: the deployment
# tests render every overlay with it (tests/despliegue, ADR 0010).
.PHONY: kustomize
kustomize: sync ## Install kustomize into .cache/bin (go install from the Go module proxy)
	$(RUN) python scripts/deploy.py kustomize

.PHONY: deploy
deploy: sync ## Regenerate Containerfiles and Kubernetes manifests, then validate every overlay
	$(RUN) python scripts/deploy.py render
	$(RUN) python scripts/deploy.py validate

.PHONY: test
test: infra sync browser kustomize ## Every test: unit, integration (real Kafka + PostgreSQL) and end-to-end
	$(RUN) pytest $(PYTEST_ARGS)

.PHONY: lint
lint: sync ## ruff and mypy
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	MYPYPATH=$(subst $(space),:,$(SRC_DIRS)) $(RUN) mypy $(SRC_DIRS) bench scripts/stack.py scripts/service_descriptors.py scripts/deploy.py scripts/chaos.py
	$(RUN) python scripts/capas.py

.PHONY: docs
docs: sync ## Regenerate JSON Schemas, AsyncAPI documents and the event catalog
	$(RUN) python -m eps_contracts

.PHONY: bench
bench: infra sync ## Benchmarks against baselines measured in the same run → docs/benchmarks.md
	$(RUN) python -m bench.run

# Faults that stop shared infrastructure (the partition leader, all of Kafka, PostgreSQL) only
# when asked: CHAOS_FALLOS=consumidor,veneno,lider,kafka,postgres. Bounded at 10 minutes.
CHAOS_FALLOS ?= consumidor,veneno
CHAOS_ARGS ?=
.PHONY: chaos
chaos: infra sync ## Fault run: the stack under load, consumers killed, poison messages → docs/reliability.md
	$(RUN) python scripts/chaos.py --fallos $(CHAOS_FALLOS) $(CHAOS_ARGS)
