"""The PDFs: the one Jinja environment, slide cards from the deck's plans, WeasyPrint.

Contract: reads render.deck (plans, template boxes), render.quiz, render.source and render.errors;
templates/ holds the look. Templates receive explicit contexts, never the model.
"""
