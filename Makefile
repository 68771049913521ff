# podium: `make` builds every talk's four outputs; `make test` runs the tests.
# The first target that needs Python creates .venv and installs podium into it, once.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := output

# TALK=ipt limits any target to one talk.
TALKS      := $(if $(TALK),$(TALK),$(basename $(notdir $(wildcard source/*.yaml))))
QUIZ_TALKS := $(foreach t,$(TALKS),$(if $(shell grep -l '^quiz:' source/$(t).yaml 2>/dev/null),$(t)))

DECKS    := $(TALKS:%=$(OUT)/%-deck.pptx)
HANDOUTS := $(TALKS:%=$(OUT)/%-handout.pdf)
QUIZZES  := $(QUIZ_TALKS:%=$(OUT)/%-quiz.pdf) $(QUIZ_TALKS:%=$(OUT)/%-answer-key.pdf)

# What each output is made from: shared code, then its own code and look.
COMMON  := render/__init__.py render/__main__.py render/cli.py render/build.py render/model.py \
           render/load.py render/text.py render/cite.py render/publish.py $(STAMP)
DECK    := $(wildcard render/deck/*.py) templates/podium.pptx $(wildcard templates/fonts/*.ttf)
PDF     := render/html.py render/pdf.py templates/base.css $(wildcard templates/fonts/*.ttf)
HANDOUT := render/handout.py templates/handout.html.j2 templates/handout.css
QUIZ    := render/quiz.py templates/quiz.html.j2 templates/answer-key.html.j2 templates/quiz.css

.PHONY: all deck handout quiz check test lint clean distclean
.DELETE_ON_ERROR:
# podium publishes by atomic renames and refuses to overwrite an output the presenter edited:
# make must never delete one either, even when a build fails or is interrupted.
.PRECIOUS: $(DECKS) $(HANDOUTS) $(QUIZZES)
# FORCE=1 replaces outputs edited since podium wrote them, keeping each as a dated backup.
FORCE_FLAG := $(if $(FORCE),--force)

all: deck handout quiz
deck: $(DECKS)
handout: $(HANDOUTS)
quiz: $(QUIZZES)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(OUT)/%-deck.pptx: source/%.yaml $(COMMON) $(DECK)
	$(BIN)/podium build $< --only deck --out $(OUT) $(FORCE_FLAG)

$(OUT)/%-handout.pdf: source/%.yaml $(COMMON) $(PDF) $(HANDOUT)
	$(BIN)/podium build $< --only handout --out $(OUT) $(FORCE_FLAG)

# One run writes both: a pattern rule with two targets is made by a single recipe.
$(OUT)/%-quiz.pdf $(OUT)/%-answer-key.pdf: source/%.yaml $(COMMON) $(PDF) $(QUIZ)
	$(BIN)/podium build $< --only quiz --out $(OUT) $(FORCE_FLAG)

check: $(STAMP)
	$(BIN)/podium check $(TALKS:%=source/%.yaml)

lint: $(STAMP)
	$(BIN)/ruff check render tests

test: $(STAMP) lint
	$(BIN)/pytest

clean:
	find $(OUT) -mindepth 1 ! -name .gitkeep -delete

distclean: clean
	rm -rf $(VENV) *.egg-info
