"""The PowerPoint deck: templates read, text measured, slides planned, the .pptx serialised.

Contract: reads render.source, render.quiz (the drawn order for quiz slides) and render.errors.
`plan` decides every slide into a complete `SlidePlan`; `pptx` only writes plans; `importer`
turns an existing deck back into a source.
"""
