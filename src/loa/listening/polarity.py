"""Does a post say the same thing as a claim, or its opposite? Negators, debunkers, antonyms.

Embeddings score "vắc xin gây vô sinh" and "vắc xin không gây vô sinh" alike, so matching
asks this module too. A post says the opposite of a claim when

- it carries a debunker the claim does not: "là sai", "tin giả", "bác bỏ", "không có
  chuyện", "không có căn cứ", "đừng tin", ...; or
- it negates more or less often than the claim (không, chẳng, chả, chưa, không hề, đâu có,
  đâu phải, vô dụng, ...; "ko", "k", "hok", "khum" are spelled out by normalisation first),
  or uses the antonym of a word of the claim (the claim says "tăng", the post says "giảm"),
  but not both.

Only negators that negate what the other text says are counted: one whose next content word
(past fillers such as "có", "được", "phải", "thể") is a word of the other text, or of the
same idea ("không có tác dụng điều trị" negates "chữa khỏi": efficacy; "không truyền" negates
"lây"), or one that opens a sentence ("Không có trường hợp trẻ tử vong…" denies all of it).
So "Nhậu bia rượu nhiều thì covid không sống nổi" repeats "Uống rượu bia diệt được virus
corona" rather than denying it: its "không" negates "sống", which the claim does not say.

Counting, not parity: people who deny a claim tend to pile up denials ("không thể lây, virus
không đi theo sóng"), so two negators are still a denial. The real double negative ("đây
không phải tin giả", "là sự thật") is an affirmer and cancels nothing. Phrases that contain a
negator but do not negate ("không khí", "không triệu chứng", "người chưa tiêm") and question
endings ("... có đúng không?") are not counted.

Cues are written with diacritics. A word typed without any ("khong") matches its cue too,
except where the bare word is ambiguous: "chua" is "chưa" (not yet) but also "chữa" (cure),
"cam" is "cấm" (ban) but also "cam" (orange, the level colour).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from loa.listening.normalise import normalise
from loa.text import fold

__all__ = ["AFFIRMERS", "ANTONYMS", "DEBUNKERS", "NEGATORS", "Polarity", "opposite", "polarity"]

NEGATORS = (
    "không hề", "chẳng hề", "chưa hề", "chả hề", "đâu có", "đâu phải", "không phải",
    "chẳng phải", "chả phải", "chưa từng", "từ chối", "khỏi cần", "khỏi phải", "không", "chẳng", "chả", "chưa", "đéo",
    "đuổi", "khỏi",
    "vô dụng", "vô ích", "làm gì cho mệt",
)  # fmt: skip
# A double negative that affirms the claim: taken out before anything else is counted.
AFFIRMERS = (
    "không phải tin giả", "không phải tin đồn", "không phải bịa", "là sự thật", "là thật",
    "hoàn toàn đúng", "đúng sự thật",
)  # fmt: skip
DEBUNKERS = (
    "không có chuyện", "làm gì có", "không có căn cứ", "không có cơ sở", "chưa có căn cứ", "chưa có cơ sở", "không có bằng chứng", "không đúng sự thật",
    "chưa có bằng chứng", "là tin giả", "là sai", "sai sự thật", "tin giả", "bác bỏ",
    "bác tin", "đính chính", "bịa đặt", "xuyên tạc", "đừng tin", "không nên tin", "chớ tin",
    "giả mạo", "lừa đảo", "không chính xác", "không đúng", "thông tin sai", "hoang tin",
    "vô căn cứ", "không hề có chuyện",
)  # fmt: skip
# Phrases with a negator inside that do not negate the claim.
_NOT_NEGATION = (
    "không khí", "không gian", "không quân", "không triệu chứng", "không có triệu chứng",
    "vô triệu chứng", "chưa tiêm", "chưa được tiêm", "không biết", "chẳng biết", "chả biết", "không rõ", "chưa rõ",
    "không sao", "không chỉ", "không những", "chưa kịp", "không ai", "không còn cách",
)  # fmt: skip
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("tăng", "giảm"),
    ("an toàn", "nguy hiểm"),
    ("hiệu quả", "vô hiệu"),
    ("có hại", "vô hại"),
    ("cho phép", "cấm"),
    ("mở cửa", "đóng cửa"),
    ("miễn phí", "thu phí"),
    ("miễn phí", "mất phí"),
    ("miễn phí", "mất tiền"),
    ("tự nguyện", "bắt buộc"),
    ("dỡ phong tỏa", "phong tỏa"),
    ("thấp", "cao"),
)
_ANTONYM_WORDS = tuple(sorted({w for pair in ANTONYMS for w in pair}, key=len, reverse=True))
_AMBIGUOUS_BARE = {"chưa", "cấm", "chả", "đéo"}
# "khỏi" before an obligation is "không cần" ("khỏi tiêm" = no need to get the shot); before
# anything else it is "cured" or "avoid" ("chữa khỏi", "khỏi bệnh") and no negator.
_KHOI_OBLIGATIONS = frozenset(
    [
        "tiêm",
        "đeo",
        "khai",
        "xét",
        "cách",
        "đi",
        "lo",
        "sợ",
        "mua",
        "đóng",
        "nộp",
        "giữ",
        "làm",
        "thực",
        "chích",
        "uống",
    ]
)
# A condition ("ai không đóng thì…", "Không có kết quả PCR là…", "nếu chưa tiêm thì…") is
# not asserted: a negator inside it is not counted. It opens the clause (a negator, or one
# of these words) and ends at "thì" or "là" with at least one word between.
_CONDITION_OPENERS = frozenset({"ai", "nếu", "hễ", "cứ", "khi", "lỡ", "giả", "nào"})
_CONSEQUENCE = frozenset({"thì", "là", "thi", "la"})
_BARE_OBLIGATIONS = frozenset(fold(w) for w in _KHOI_OBLIGATIONS) - {"di", "lo", "lam"}
_BARE_OPENERS = frozenset(fold(w) for w in _CONDITION_OPENERS)
# After a bare "chua", these words make it "chưa" (not yet), not "chữa" (cure).
_BARE_CHUA_NEGATES = {"co", "he", "tung", "duoc", "the", "tiem", "biet", "ro", "chac"}
_QUESTION_TAIL = (
    ("có", "đúng", "không"), ("có", "thật", "không"), ("phải", "không"), ("đúng", "không"),
    ("hay", "không"), ("được", "không"), ("có", "không"), ("không",), ("chưa",),
)  # fmt: skip
_TAIL_PARTICLES = {"ạ", "vậy", "nhỉ", "hả", "thế", "nhé", "a", "vay", "nhi", "ha", "the", "nhe"}
_WORD = re.compile(r"\w+", re.UNICODE)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words between a negator and what it negates ("không *có* tác dụng", "chưa *được* tiêm"),
# folded: skipped when reading a negator's scope.
_SCOPE_FILLERS = _word_set(
    "co duoc phai can bi la the he ai gi con nua se da dang van cho thi ma nen vi dau "
    "mot nhung cac rat qua lam hoan toan chac chan nao chuyen viec thuc hien"
)
_SCOPE_WORDS = 1
_ANY = "*"
# Negators that say what they negate: "vô dụng" is "không có tác dụng".
# "làm gì cho mệt" (why bother) negates whatever comes before it: it always counts.
_OWN_SCOPE = {"vô dụng": "tac", "vô ích": "ich", "làm gì cho mệt": _ANY}
# Words that name one idea: a negator before one of them negates a claim that says another
# ("không có tác dụng điều trị" denies "chữa khỏi"). Folded first syllables.
_CONCEPTS = (
    _word_set("tac hieu chua tri dieu diet giet phong khoi giup ich"),
    _word_set("lay truyen nhiem lan"),
    _word_set("tiep nhan nhap"),
    _word_set("giau che"),
    _word_set("dong tra nop thu ton"),
)


@dataclass(frozen=True)
class Polarity:
    """The cues found in one text: negators, debunkers, and antonym words present.

    `scopes` holds, for each negator, the content words right after it (folded): what it
    negates. `syllables` holds every folded word of the text.
    """

    negators: int
    debunkers: int
    words: frozenset[str]
    scopes: tuple[frozenset[str], ...] = ()
    syllables: frozenset[str] = frozenset()

    @functools.cached_property
    def concepts(self) -> frozenset[str]:
        """Return the folded words of the text, with every word of a concept it names."""
        extra = [c for c in _CONCEPTS if c & self.syllables]
        return self.syllables.union(*extra)


@functools.lru_cache(maxsize=65_536)
def _fold_word(word: str) -> str:
    """Return `fold(word)`, cached: cues and posts repeat the same few thousand words."""
    return fold(word)


def _word_matches(token: str, cue: str, following: str | None) -> bool:
    if token == cue:
        return True
    if not token.isascii() or token != _fold_word(cue):
        return False
    if cue == "chưa":
        return following in _BARE_CHUA_NEGATES
    return cue not in _AMBIGUOUS_BARE


def _phrase_at(tokens: Sequence[str | None], start: int, phrase: tuple[str, ...]) -> bool:
    if start + len(phrase) > len(tokens):
        return False
    for offset, cue in enumerate(phrase):
        token = tokens[start + offset]
        following = tokens[start + offset + 1] if start + offset + 1 < len(tokens) else None
        if token is None or not _word_matches(token, cue, following):
            return False
    return True


@functools.lru_cache(maxsize=64)
def _cues(phrases: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Return the phrases longest first, each with its words and its first word folded."""
    ordered = sorted(phrases, key=len, reverse=True)
    return tuple((p, tuple(p.split()), _fold_word(p.split()[0])) for p in ordered)


def _present(tokens: Sequence[str | None]) -> set[str]:
    """Return the folded words of `tokens`: a cue whose first word is not there cannot match."""
    return {_fold_word(t) for t in tokens if t is not None}


def _take(tokens: list[str | None], phrases: Sequence[str]) -> tuple[int, set[str]]:
    """Return how many phrases occur (longest first) and which; found words become None."""
    count = 0
    found: set[str] = set()
    present = _present(tokens)
    for phrase, words, first in _cues(tuple(phrases)):
        if first not in present:
            continue
        for start in range(len(tokens)):
            if _phrase_at(tokens, start, words):
                count += 1
                found.add(phrase)
                tokens[start : start + len(words)] = [None] * len(words)
    return count, found


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    """Yield each clause with its number in its sentence (commas and "nhưng" end one)."""
    for sentence in re.split(r"[.!?\n]+", text):
        yield from enumerate(re.split(r"[;:,]+|\bnhưng\b", sentence))


def _take_negators(
    tokens: list[str | None], original: Sequence[str], named: set[str], *, opens_sentence: bool
) -> tuple[int, list[frozenset[str]]]:
    """Return how many negators occur and, for each, the content words it negates.

    A negator that names its own idea ("vô dụng": efficacy) adds it to `named`.
    """
    count = 0
    scopes: list[frozenset[str]] = []
    present = _present(tokens)
    for phrase, words, first in _cues(NEGATORS):
        if first not in present:
            continue
        for start in range(len(tokens)):
            if _negator_at(tokens, start, words):
                count += 1
                end = start + len(words)
                tokens[start:end] = [None] * len(words)
                after = [_fold_word(w) for w in original[end:]]
                content = [w for w in after if w not in _SCOPE_FILLERS]
                # Opening a sentence ("Không có trường hợp trẻ tử vong…"), a negator denies
                # all of it; elsewhere, the word right after it.
                content = content if start == 0 and opens_sentence else content[:_SCOPE_WORDS]
                own = _OWN_SCOPE.get(phrase)
                scopes.append(frozenset([own] if own else content))
                if own:
                    named.add(own)
    return count, scopes


def _negator_at(tokens: Sequence[str | None], start: int, phrase: tuple[str, ...]) -> bool:
    """Return True if the negator `phrase` is at `start` ("khỏi" only before an obligation)."""
    if not _phrase_at(tokens, start, phrase):
        return False
    if phrase != ("khỏi",):
        return True
    following = tokens[start + 1] if start + 1 < len(tokens) else None
    return following is not None and (
        following in _KHOI_OBLIGATIONS or (following.isascii() and following in _BARE_OBLIGATIONS)
    )


def _take_conditions(tokens: list[str | None]) -> None:
    """Take out the negators of a condition that opens the clause (see `_CONDITION_OPENERS`)."""
    if not tokens or tokens[0] is None:
        return
    opener = tokens[0] in _CONDITION_OPENERS or tokens[0] in _BARE_OPENERS
    negated_first = any(_negator_at(tokens, 0, tuple(n.split())) for n in NEGATORS)
    if not (opener or negated_first):
        return
    for end in range(2, len(tokens)):
        token = tokens[end]
        if token is not None and token in _CONSEQUENCE and end + 1 < len(tokens):
            for start in range(end - 1):
                for phrase in sorted(NEGATORS, key=len, reverse=True):
                    cue = tuple(phrase.split())
                    if start + len(cue) < end and _negator_at(tokens, start, cue):
                        tokens[start : start + len(cue)] = [None] * len(cue)
            return


def _strip_question_tail(tokens: list[str | None]) -> None:
    while tokens and tokens[-1] in _TAIL_PARTICLES:
        tokens.pop()
    for tail in _QUESTION_TAIL:
        if len(tokens) >= len(tail) and _phrase_at(tokens, len(tokens) - len(tail), tail):
            del tokens[len(tokens) - len(tail) :]
            return


@functools.lru_cache(maxsize=8192)
def polarity(text: str) -> Polarity:
    """Return the polarity cues of `text`, clause by clause (cached: claims recur)."""
    negators = debunkers = 0
    words: set[str] = set()
    scopes: list[frozenset[str]] = []
    syllables: set[str] = set()
    # Commas and "nhưng" end a clause too, so a question tail in the middle is found.
    for number, clause in _clauses(normalise(text)):
        original = _WORD.findall(clause)
        tokens: list[str | None] = list(original)
        if not tokens:
            continue
        _strip_question_tail(tokens)
        _take(tokens, AFFIRMERS)
        _take(tokens, _NOT_NEGATION)
        found_debunkers, _ = _take(tokens, DEBUNKERS)
        debunkers += found_debunkers
        _, present = _take(tokens, _ANTONYM_WORDS)
        words |= present
        _take_conditions(tokens)
        found_negators, found_scopes = _take_negators(
            tokens, original, syllables, opens_sentence=number == 0
        )
        negators += found_negators
        scopes.extend(found_scopes)
        syllables.update(_fold_word(w) for w in original)
    return Polarity(negators, debunkers, frozenset(words), tuple(scopes), frozenset(syllables))


def _antonym_flips(claim: Polarity, post: Polarity) -> int:
    flips = 0
    for a, b in ANTONYMS:
        claim_a, claim_b = a in claim.words, b in claim.words
        post_a, post_b = a in post.words, b in post.words
        if (claim_a and not claim_b and post_b and not post_a) or (
            claim_b and not claim_a and post_a and not post_b
        ):
            flips += 1
    return flips


def _anchored(text: Polarity, other: Polarity) -> int:
    """Return how many of `text`'s negators negate a word the other text also says."""
    return sum(1 for scope in text.scopes if _ANY in scope or scope & other.concepts)


def opposite(claim: str, post: str) -> bool:
    """Return True if `post` asserts the opposite of `claim` (see the module docstring)."""
    claim_cues, post_cues = polarity(claim), polarity(post)
    if post_cues.debunkers > claim_cues.debunkers:
        return True
    negated = _anchored(post_cues, claim_cues) != _anchored(claim_cues, post_cues)
    return negated != (_antonym_flips(claim_cues, post_cues) % 2 == 1)
