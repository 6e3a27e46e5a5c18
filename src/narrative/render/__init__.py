"""Renderers: one module per output format. Each reads the same typeset sentences and table cells from a
:class:`~narrative.draft.Draft`; a format changes layout, never wording."""
