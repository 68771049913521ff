"""CME planning: the accreditation statements, the talk length, the CME lint, the plans of the CME outputs.

Pure: reads the source model (and the quiz's scoring), writes nothing; the deck and the PDFs draw these plans.
"""
