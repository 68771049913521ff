"""podium: one structured talk source -> deck, handout, quiz sheet and answer key."""

import logging

# Carlito's font header carries a 1904-era date that fontTools warns about on
# every load (our measuring and WeasyPrint's subsetting); it is harmless.
logging.getLogger("fontTools").setLevel(logging.ERROR)
