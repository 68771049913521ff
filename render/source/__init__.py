"""The talk as its author wrote it: YAML read once into a typed model, every file it names resolved.

Contract: the lowest layer above render.errors. Nothing here knows a deck, a PDF or a quiz form;
everything above receives a validated `Source` whose paths are already resolved inside the talk's
folder; render.source.resolved then numbers its citations and parses every Markdown field into runs,
once a command, for every writer above.
"""
