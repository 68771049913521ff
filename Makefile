# podium: `make` builds every talk's four outputs; `make test` runs the tests.
# The first target that needs Python creates .venv and installs podium into it, once.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := output

.DEFAULT_GOAL := all

# TALK=ipt limits any target to one talk.
TALKS   := $(if $(TALK),$(TALK),$(basename $(notdir $(wildcard source/*.yaml))))
SOURCES := $(TALKS:%=source/%.yaml)

# podium names every output (render/build/outputs.py); make only asks. The list is remade, with
# .venv first, whenever a source changes; make then reads it again. `clean` needs no Python.
NAMES := $(OUT)/.podium-names$(if $(TALK),-$(TALK)).mk
ifeq ($(filter clean distclean,$(MAKECMDGOALS)),)
include $(NAMES)
endif
$(NAMES): $(SOURCES) render/build/outputs.py render/source/load.py $(STAMP)
	@mkdir -p $(OUT)
	@$(BIN)/podium outputs --make --out $(OUT) $(SOURCES) > $@.tmp && mv $@.tmp $@

DECKS    := $(foreach t,$(TALKS),$(OUT_deck_$(t)))
HANDOUTS := $(foreach t,$(TALKS),$(OUT_handout_$(t)))
QUIZZES  := $(foreach t,$(QUIZ_TALKS),$(OUT_quiz_$(t)))
CMES     := $(foreach t,$(CME_TALKS),$(OUT_cme_$(t)))

# What each output is made from, by folder (render/ shows the layers): no edit to a module leaves
# a stale output. The deck reads the quiz's draw for its quiz slides; the cards draw the deck's plans.
CODE    := $(wildcard render/*.py render/source/*.py render/build/*.py) $(STAMP)
DECK    := $(wildcard render/deck/*.py render/cme/*.py render/quiz/*.py) templates/podium.pptx $(wildcard templates/fonts/*.ttf)
PDF     := $(wildcard render/pdf/*.py) templates/base.css $(wildcard templates/fonts/*.ttf)
HANDOUT := $(DECK) templates/handout.html.j2 templates/handout-margins.html.j2 templates/handout.css templates/slides.html.j2 templates/slides.css \
           templates/card.html.j2 templates/card.css templates/theme.html.j2 templates/cme-statements.html.j2
QUIZ    := $(wildcard render/quiz/*.py templates/quiz* templates/answer-key*)
CME     := $(wildcard render/cme/*.py render/quiz/*.py) $(wildcard templates/cme*)

.PHONY: all deck handout quiz cme check schema test test-fast lint clean distclean watch preview
.DELETE_ON_ERROR:
# podium publishes by atomic renames and refuses to overwrite an output the presenter edited:
# make must never delete one either, even when a build fails or is interrupted.
.PRECIOUS: $(DECKS) $(HANDOUTS) $(QUIZZES) $(CMES)
# FORCE=1 replaces outputs edited since podium wrote them, keeping each as a dated backup.
FORCE_FLAG := $(if $(FORCE),--force)

all: deck handout quiz cme
deck: $(DECKS)
handout: $(HANDOUTS)
quiz: $(QUIZZES)
cme: $(CMES)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# A talk's own files (images, reference files) live in source/NAME/: changing one rebuilds that talk only.
.SECONDEXPANSION:
ASSETS = $$(wildcard source/$$*/*)

$(OUT)/%-deck.pptx: source/%.yaml $(ASSETS) $(CODE) $(DECK)
	$(BIN)/podium build $< --only deck --out $(OUT) $(FORCE_FLAG)

# One run writes the handout and the slides PDF (the cards are the deck's plan, hence $(DECK)).
$(OUT)/%-handout.pdf $(OUT)/%-slides.pdf: source/%.yaml $(ASSETS) $(CODE) $(PDF) $(HANDOUT)
	$(BIN)/podium build $< --only handout --out $(OUT) $(FORCE_FLAG)

# One run writes a talk's sheets and keys, all forms at once (a grouped target, &:).
define quiz_rule
$(OUT_quiz_$(1)) &: source/$(1).yaml $$(wildcard source/$(1)/*) $$(CODE) $$(PDF) $$(QUIZ)
	$$(BIN)/podium build $$< --only quiz --out $$(OUT) $$(FORCE_FLAG)
endef
$(foreach t,$(QUIZ_TALKS),$(eval $(call quiz_rule,$(t))))

# A talk with `cme:` also gets the CME office's packet: sign-in sheet, evaluation form, blank certificate.
define cme_rule
$(OUT_cme_$(1)) &: source/$(1).yaml $$(wildcard source/$(1)/*) $$(CODE) $$(PDF) $$(CME)
	$$(BIN)/podium build $$< --only cme --out $$(OUT) $$(FORCE_FLAG)
endef
$(foreach t,$(CME_TALKS),$(eval $(call cme_rule,$(t))))

# Rebuild on every save (one talk: make watch TALK=ipt).
watch: $(STAMP)
	$(BIN)/podium watch source/$(firstword $(TALKS)).yaml --out $(OUT) $(FORCE_FLAG)

# The talk in the browser, updated on every save (make preview TALK=ipt; PORT=8000 picks the port).
preview: $(STAMP)
	$(BIN)/podium preview source/$(firstword $(TALKS)).yaml $(if $(PORT),--port $(PORT))

check: $(STAMP)
	$(BIN)/podium check $(TALKS:%=source/%.yaml)

# The JSON Schema editors read (the first line of each source points at it); re-run after changing the model.
schema: $(STAMP)
	$(BIN)/podium schema

lint: $(STAMP)
	$(BIN)/ruff check render tests bench
	$(BIN)/lint-imports --no-cache

# Everything, on every core (what CI runs). A file's tests stay on one worker, so each module's
# fixture (a build, a set of PDFs) is made once, not once per core.
test: $(STAMP) lint
	$(BIN)/pytest -n auto --dist loadfile

# The edit loop: the pure and plan tests, in-process; no LibreOffice, no corpora, no subprocess builds.
test-fast: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile -m "not slow"

clean:
	find $(OUT) -mindepth 1 ! -name .gitkeep -delete

distclean: clean
	rm -rf $(VENV) *.egg-info
