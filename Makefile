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
HANDOUTS := $(TALKS:%=$(OUT)/%-handout.pdf) $(TALKS:%=$(OUT)/%-slides.pdf)
# A quiz with `forms: N` makes ipt-quiz-A.pdf, ipt-answer-key-A.pdf, ... instead of ipt-quiz.pdf.
FORM_LETTERS := A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
quiz_forms    = $(or $(shell sed -n 's/^  forms: *\([0-9][0-9]*\).*/\1/p' source/$(1).yaml),1)
quiz_files    = $(if $(filter 1,$(call quiz_forms,$(1))),$(OUT)/$(1)-quiz.pdf $(OUT)/$(1)-answer-key.pdf,\
                  $(foreach f,$(wordlist 1,$(call quiz_forms,$(1)),$(FORM_LETTERS)),$(OUT)/$(1)-quiz-$(f).pdf $(OUT)/$(1)-answer-key-$(f).pdf))
QUIZZES  := $(foreach t,$(QUIZ_TALKS),$(call quiz_files,$(t)))

# What each output is made from: shared code, then its own code and look.
COMMON  := render/__init__.py render/__main__.py render/cli.py render/build.py render/model.py \
           render/load.py render/text.py render/cite.py render/publish.py render/reffiles.py render/summary.py \
           $(STAMP)
DECK    := $(wildcard render/deck/*.py) templates/podium.pptx $(wildcard templates/fonts/*.ttf)
PDF     := render/html.py render/pdf.py templates/base.css $(wildcard templates/fonts/*.ttf)
HANDOUT := render/handout.py render/theme.py $(DECK) templates/handout.html.j2 templates/handout.css \
           templates/slides.html.j2 templates/slides.css templates/card.html.j2 templates/card.css \
           templates/theme.html.j2
QUIZ    := render/quiz.py render/lint.py templates/quiz.html.j2 templates/answer-key.html.j2 templates/quiz.css \
           templates/answer-key.css templates/quiz-large.css

.PHONY: all deck handout quiz check schema test lint clean distclean watch
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

# A talk's own files (images, reference files) live in source/NAME/: changing one rebuilds that talk only.
.SECONDEXPANSION:
ASSETS = $$(wildcard source/$$*/*)

$(OUT)/%-deck.pptx: source/%.yaml $(ASSETS) $(COMMON) $(DECK)
	$(BIN)/podium build $< --only deck --out $(OUT) $(FORCE_FLAG)

# One run writes the handout and the slides PDF (the cards are the deck's plan, hence $(DECK)).
$(OUT)/%-handout.pdf $(OUT)/%-slides.pdf: source/%.yaml $(ASSETS) $(COMMON) $(PDF) $(HANDOUT)
	$(BIN)/podium build $< --only handout --out $(OUT) $(FORCE_FLAG)

# One run writes a talk's sheets and keys, all forms at once (a grouped target, &:).
define quiz_rule
$(call quiz_files,$(1)) &: source/$(1).yaml $$(wildcard source/$(1)/*) $$(COMMON) $$(PDF) $$(QUIZ)
	$$(BIN)/podium build $$< --only quiz --out $$(OUT) $$(FORCE_FLAG)
endef
$(foreach t,$(QUIZ_TALKS),$(eval $(call quiz_rule,$(t))))

# Rebuild on every save (one talk: make watch TALK=ipt).
watch: $(STAMP)
	$(BIN)/podium watch source/$(firstword $(TALKS)).yaml --out $(OUT) $(FORCE_FLAG)

check: $(STAMP)
	$(BIN)/podium check $(TALKS:%=source/%.yaml)

# The JSON Schema editors read (the first line of each source points at it); re-run after changing the model.
schema: $(STAMP)
	$(BIN)/podium schema

lint: $(STAMP)
	$(BIN)/ruff check render tests

test: $(STAMP) lint
	$(BIN)/pytest

clean:
	find $(OUT) -mindepth 1 ! -name .gitkeep -delete

distclean: clean
	rm -rf $(VENV) *.egg-info
