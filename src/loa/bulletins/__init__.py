"""Bulletins: templates, numbers written out for reading aloud, speech, documents, feeds."""
