"""The quiz: forms drawn once (order, pins, keys), item-writing lint, LMS exports and scoring.

Contract: reads only render.source and render.errors. The draw (render.quiz.forms) is the one
place question and option order are decided; the deck's quiz slides, the sheets, the exports
and scoring all read it.
"""
