"""Words: how ``quotes`` reads text into words, and the rules about words. No I/O.

One place for what the locate engine, ``verify``, ``match`` and the document reader agree on:

- ``words_of``: lowercase words of letters and digits in any script, accents folded, number
  words as digits;
- function words per language (``stopwords_for``) and a guess at a text's language from them
  (``guess_language``): "the", "und", "que" say nothing about where a summary is said; in a
  long video the engine learns them anyway (they are said everywhere), in a short one it needs
  a list. Lists are written accent-folded, as ``words_of`` reads words (``für`` -> ``fur``);
- ``content_words`` and ``placeable``: the words that can place a text, and whether a text
  has enough of them to judge where it is said (``MIN_CHECK_WORDS``);
- stemming (``stemmer_for``: Snowball, per language);
- the sentence-end rule (``ends_sentence``, ``ends_sentence_inside``) and a summary's
  sentences (``split_sentences``), the heading a summary opens with (``opening_heading``) and
  the topics a heading lists (``listed_topics``).

Light on purpose: no numpy, no rapidfuzz, so the document reader can import it cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = [
    "words_of",
    "hyphenated",
    "content_words",
    "placeable",
    "MIN_CHECK_WORDS",
    "STOPWORDS",
    "stopwords_for",
    "guess_language",
    "stemmer_for",
    "ends_sentence",
    "ends_sentence_inside",
    "split_sentences",
    "opening_heading",
    "listed_topics",
    "is_title",
    "title_part",
    "title_question",
    "strip_links",
    "acronyms",
    "script_of",
    "other_language",
]

# ------------------------------------------------------------------ words

_WORD = re.compile(r"[^\W_]+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BARE_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")  # its pieces ("youtube", "watch") are no words said

# Captions write numbers as digits where editors often spell them, and the other way
# round: both sides are read with number words as digits ("forty" -> "40").
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {word: str(10 * tens) for tens, word in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}


def words_of(text: str) -> list[str]:
    """Lowercase words of letters and digits in any script, apostrophes removed (``it's`` ->
    ``its``), accents folded (``café`` -> ``cafe``), number words as digits."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [_NUMBER_WORDS.get(w, w) for w in _WORD.findall(text)]


_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def hyphenated(text: str) -> frozenset[str]:
    """The words ``text`` writes with hyphens, each as ``words_of`` reads its parts joined
    ("role-play": ``roleplay``): one word written in parts, which a transcript may write
    as one ("roleplay") or apart.

    >>> sorted(hyphenated("A role-play, fine-tuning and a well known trick"))
    ['finetuning', 'roleplay']
    """
    return frozenset("".join(words_of(m.group())) for m in _HYPHENATED.finditer(text))


def strip_links(text: str) -> str:
    """Markdown links replaced by their text: ``[the oven](https://...)`` -> ``the oven``."""
    return _MD_LINK.sub(r"\1", text)


#: An acronym has at least this many letters: two initials are spelled by too many pairs of
#: words said together ("OS": "operating system", "open source") to say which one it stands for.
MIN_ACRONYM = 3
MAX_ACRONYM = 6


def acronyms(text: str) -> dict[str, str]:
    """The words ``text`` writes in capitals as an acronym ("LLM", "RLHF", "GPUs": of
    ``MIN_ACRONYM`` to ``MAX_ACRONYM`` capitals, with a plural "s" or not), as ``words_of``
    reads them, each with the letters it abbreviates. (A word a heading writes in capitals
    for emphasis, "INTRO", is taken for one too: it stands for itself as before, unless a
    phrase that spells it is said again and again, ``TranscriptIndex.spelled_out``.)

    >>> acronyms("LLMs and RLHF on a GPU (not AI, nor Python)")
    {'llms': 'llm', 'rlhf': 'rlhf', 'gpu': 'gpu'}
    """
    found: dict[str, str] = {}
    for token in _WORD.findall(text):
        letters = token[:-1] if token.endswith("s") else token
        if letters.isalpha() and letters.isupper() and MIN_ACRONYM <= len(letters) <= MAX_ACRONYM:
            word, spelled = words_of(token), words_of(letters)
            if len(word) == len(spelled) == 1:
                found[word[0]] = spelled[0]
    return found


# ------------------------------------------------------------------ function words (stopwords)

def _fold(words: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", words.lower().replace("'", ""))
    return frozenset("".join(c for c in folded if not unicodedata.combining(c)).split())


# English, with the filler and hedging words of speech ("uh", "gonna", "basically").
_EN = """a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each few for from further had hadn has hasn have haven having he her here hers herself
    him himself his how i if in into is isn it its itself just let me more most mustn my myself no
    nor not now of off on once only or other ought our ours ourselves out over own same shan she
    should shouldn so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was wasn we were weren what when where which
    while who whom why will with won would wouldn you your yours yourself yourselves s t d ll m re
    ve y also yes yeah uh um umm uhm oh okay ok like right well really kind sort gonna wanna gotta
    got get gets getting go goes going went say says said thing things stuff lot lots way ways
    actually basically literally mean means know think thought want wanted need needs make makes
    made one two even still much many every everything something anything whatever whole bunch
    pretty maybe probably explains explained argues argued believes admits describes mentions
    recalls claims insists"""

_DE = """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anders auch auf aus bei beim bin bis bist da dabei dadurch dafur dagegen daher damit
    dann darauf daran darum das dass dein deine deinem deinen deiner dem den denn der des dessen
    deshalb dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem
    einen einer eines einfach einige einmal er es etwas euch euer eure fur gar gegen gewesen ganz
    genau gibt habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren
    ihrer im immer in ins ist ja jede jedem jeden jeder jedes jetzt kann kannst kein keine keinem
    keinen keiner konnen konnte man manche manchem manchen mancher mehr mein meine meinem meinen
    meiner mich mir mit muss mussen nach nicht nichts noch nun nur ob oder ohne schon sehr sein
    seine seinem seinen seiner seit sich sie sind so solche solchem solchen solcher soll sollen
    sollte sondern sonst uber um und uns unser unsere unter viel vom von vor wahrend war waren
    warum was weil weiter welche welchem welchen welcher wenn wer werde werden wie wieder will
    wir wird wirklich wo wollen wollte wurde wurden zu zum zur zwar zwischen ah aha also halt
    eben mal naja okay genau quasi irgendwie sozusagen eigentlich ne gell"""

_FR = """a ai aie aient aies ait alors as au aucun aussi autre aux avaient avais avait avec avez
    avions avoir avons ayant bah bon c ca car ce ceci cela celle celles celui ces cet cette ceux
    chaque comme comment d dans de des donc dont du elle elles en encore es est et etaient etais
    etait etant ete etes etre eu eux fait faut hein ici il ils j je l la le les leur leurs lui m
    ma mais me meme mes moi mon n ne ni non nos notre nous on ont ou par parce pas peu peut plus
    pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se ses si son sont
    sous sur ta te tes toi ton tous tout toute toutes tres tu un une vos votre vous voila y euh
    ben bref enfin genre quoi truc voila vraiment"""

_ES = """a al algo algunas algunos ante antes como con contra cual cuando de del desde donde
    durante e el ella ellas ellos en entre era erais eramos eran eras eres es esa esas ese eso
    esos esta estaba estaban estado estais estamos estan estar estas este esto estos estoy fue
    fueron fui fuimos ha habia habian han has hasta hay he la las le les lo los mas me mi mis
    mucho muchos muy nada ni no nos nosotros o os otra otras otro otros para pero poco por porque
    que quien quienes se sea ser si sido sin sobre son su sus tambien tanto te tenemos tener
    tengo ti tiene tienen todo todos tu tus un una uno unos vosotros y ya yo bueno pues entonces
    osea vale digamos claro este eh"""

_IT = """a abbiamo ad agli ai al alla alle allo anche avere aveva avevano c che chi ci coi col
    come con contro cosa cui da dagli dai dal dalla dalle dallo degli dei del della delle dello
    di dove e ed era erano essere fa fare gli ha hai hanno ho i il in io la le lei li lo loro lui
    ma mi mia mie miei mio ne negli nei nel nella nelle nello no noi non nostra nostro o per
    perche piu poi quale quando quella quelle quelli quello questa queste questi questo se sei
    si sia siamo sono sta stata stato su sua sue sui sul sulla suo suoi ti tra tu tua tuo tutti
    tutto un una uno vi voi allora cioe insomma ecco beh dunque proprio"""

_PT = """a ao aos aquela aquelas aquele aqueles aquilo as ate com como da das de dela delas dele
    deles depois do dos e ela elas ele eles em entre era eram essa essas esse esses esta estao
    estas estava estavam este estes estou eu foi for foram ha isso isto ja lhe lhes mais mas me
    mesmo meu meus minha minhas muito na nao nas nem no nos nossa nossas nosso nossos num numa o
    os ou para pela pelas pelo pelos por qual quando que quem se sem ser seu seus so sua suas
    tambem te tem tinha tu tua tuas um uma voce voces vos entao ne tipo assim ai bom ta"""

_NL = """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door
    dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
    iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog
    nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor
    want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo
    zonder zou eh nou gewoon eigenlijk even echt"""

STOPWORDS: frozenset[str] = _fold(_EN)
_BY_LANGUAGE: dict[str, frozenset[str]] = {
    "en": STOPWORDS,
    "de": _fold(_DE),
    "fr": _fold(_FR),
    "es": _fold(_ES),
    "it": _fold(_IT),
    "pt": _fold(_PT),
    "nl": _fold(_NL),
}


def stopwords_for(language_code: str | None) -> frozenset[str]:
    """The function words of a language (``de``, ``pt-BR``); English for one we have no list for.

    >>> "und" in stopwords_for("de-AT"), "und" in stopwords_for("en"), "the" in stopwords_for("ja")
    (True, False, True)
    """
    base = (language_code or "en").replace("_", "-").split("-")[0].lower()
    return _BY_LANGUAGE.get(base, STOPWORDS)


def guess_language(texts: Iterable[str], sample: int = 5000) -> str | None:
    """The language whose function words make up most of ``texts`` (at most ``sample`` words
    read), when it clearly does (a quarter of the words, half as many again as the next
    language, or, for close languages such as Portuguese and Spanish that share many, twice
    as many words that only it uses); else None.

    >>> guess_language(["und dann haben wir das Haus gebaut, aber es war nicht einfach"])
    'de'
    >>> guess_language(["so we built the house and it was not easy"]) is None
    False
    >>> guess_language(["12 34 56"]) is None
    True
    """
    words: list[str] = []
    for text in texts:
        words.extend(words_of(text))
        if len(words) >= sample:
            break
    if not words:
        return None
    hits = Counter({code: sum(w in stop for w in words) for code, stop in _BY_LANGUAGE.items()})
    (best, n), *rest = hits.most_common()
    runner_up = rest[0][1] if rest else 0
    if n < len(words) / 4:
        return None
    if n >= 1.5 * runner_up:
        return best
    # Close languages (Portuguese and Spanish) in a short text: the words only one of them uses
    # ("não", "uma" / "los", "pero") tell them apart.
    own = Counter(
        {
            code: sum(w in stop and not any(w in other for c, other in _BY_LANGUAGE.items() if c != code) for w in words)
            for code, stop in _BY_LANGUAGE.items()
        }
    )
    (first, k), (_, k2) = own.most_common(2)
    return best if first == best and k >= 3 and k >= 2 * k2 else None


# ------------------------------------------------------------------ words that place a text


def content_words(text: str, language_code: str | None = None) -> list[str]:
    """The distinct words of ``text`` that can place it (not function words), in order.

    >>> content_words("Curly braces: the braces are gone")
    ['curly', 'braces', 'gone']
    >>> content_words("Oven https://www.youtube.com/watch?v=qUoTeSdEm01")
    ['oven']
    """
    stop = stopwords_for(language_code)
    text = _BARE_URL.sub(" ", strip_links(text))
    return list(dict.fromkeys(w for w in words_of(text) if w not in stop and len(w) > 1))


# A text of fewer words than this (a chapter title: "Julia", "Code indentation") is said in
# too many places, or in words of its own, to say where it belongs: ``verify`` does not check
# its time and ``match`` does not place it.
MIN_CHECK_WORDS = 5


def placeable(text: str, language_code: str | None = None) -> bool:
    """Whether ``text`` has enough words that can place it (``MIN_CHECK_WORDS``) to judge
    where it is said; ``verify`` and ``match`` judge no shorter text."""
    return len(content_words(text, language_code)) >= MIN_CHECK_WORDS


# ------------------------------------------------------------------ stemming

try:  # snowball stemmers (C-accelerated by PyStemmer when installed); else no stemming
    import snowballstemmer

    _STEMMER = snowballstemmer.stemmer("english")
except ImportError:  # pragma: no cover
    snowballstemmer = None
    _STEMMER = None

# Snowball stemmers by language code; a transcript in another language is not stemmed.
_SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "et": "estonian", "eu": "basque", "fa": "persian",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """The English stem of a word (digits are left alone)."""
    if _STEMMER is None or word.isdigit():
        return word
    return _STEMMER.stemWord(word)


def stemmer_for(language_code: str | None) -> Callable[[str], str]:
    """The stem function for a transcript's language: English's is shared and cached."""
    name = _SNOWBALL.get((language_code or "en").split("-")[0].lower())
    if name == "english" or snowballstemmer is None:
        return _stem if name == "english" else (lambda word: word)
    if name not in snowballstemmer.algorithms():  # pragma: no cover - older snowballstemmer
        return lambda word: word
    stemmer = snowballstemmer.stemmer(name)
    return lru_cache(maxsize=65536)(lambda word: word if word.isdigit() else stemmer.stemWord(word))


# ------------------------------------------------------------------ sentences

# THE sentence-end rule: a sentence ends at one of these marks, with any closing quotes or
# brackets after it: "said." "right?" "done!" "so…" "said “no.”". The transcript's sentences,
# the prose around a link (quotes.document) and these tests are all written with it.
SENTENCE_MARK = "[.?!\u2026]"
CLOSING = "[\"'\u201d\u2019)\\]]*"
SENTENCE_END = SENTENCE_MARK + CLOSING
_SENTENCE_END_WORD = re.compile(SENTENCE_END + "$")
_SENTENCE_END_INSIDE = re.compile(SENTENCE_END + r"\s")  # one that ends a sentence before the last word


def ends_sentence(text: str) -> bool:
    """Whether ``text`` (a caption, a word) ends a sentence.

    >>> ends_sentence("and that was it."), ends_sentence("said “no.”"), ends_sentence("so the")
    (True, True, False)
    """
    return _SENTENCE_END_WORD.search(text) is not None


def ends_sentence_inside(text: str) -> bool:
    """Whether a sentence ends inside ``text`` before its last word ("done. So then")."""
    return _SENTENCE_END_INSIDE.search(text) is not None


# A summary's pieces: sentences, list items, paragraphs; then clauses (after a comma or a
# closing bracket, around a dash).
_SUMMARY_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*[-*+]\s+|\n{2,}")
_CLAUSE_END = re.compile(r"(?<=[,)])\s+|\s+(?:-|--|\u2013|\u2014)\s+")


#: A topic listed in a heading has at most this many words ("Synthetic data").
LISTED_TOPIC_WORDS = 3
_HEADING_LIST = re.compile(r"^([^:()\n]*)[:(]([^()\n]*?)\)?$")


def listed_topics(text: str) -> list[str] | None:
    """A heading that lists its topics, as chapter lists do, split into its head and the
    topics: "Tool Use (Browser, Calculator, Interpreter, DALL-E)" or "Appendix: Comparisons,
    Labeling docs, RLHF". The topics are said one after the other over the chapter, each a
    point of its own; only a recap names them all at once. At least three topics of at most
    ``LISTED_TOPIC_WORDS`` words each, after a head of at most ``HEADING_WORDS``, and no sentence
    end (a heading, not a sentence listing things); None otherwise.

    >>> listed_topics("Tool Use (Browser, Calculator, Interpreter, DALL-E)")
    ['Tool Use', 'Browser', 'Calculator', 'Interpreter', 'DALL-E']
    >>> listed_topics("The oven: it heats slowly, holds heat, and bakes evenly.") is None
    True
    """
    text = strip_links(text).strip()
    match = _HEADING_LIST.match(text)
    if not match or text.endswith((".", "!", "?")) or len(match.group(1).split()) > HEADING_WORDS:
        return None
    topics = [item.strip() for item in match.group(2).split(",") if item.strip()]
    if len(topics) < 3 or any(len(item.split()) > LISTED_TOPIC_WORDS for item in topics):
        return None
    head = match.group(1).strip()
    return [head, *topics] if head else topics


def split_sentences(text: str, stopwords: frozenset[str] = STOPWORDS) -> list[str]:
    """A summary's sentences (and list items), short ones merged with their neighbour; a
    heading that lists topics (``listed_topics``), one clause per topic."""
    listed = listed_topics(text)
    if listed:
        return listed
    text = strip_links(text)  # markdown links -> their text
    text = re.sub(r"[`*_#>]", " ", text)
    parts = [
        c.strip() for p in _SUMMARY_SENTENCE_END.split(text) if p for c in _CLAUSE_END.split(p) if c and c.strip()
    ]
    merged: list[str] = []
    for p in parts:
        content = [w for w in words_of(p) if w not in stopwords]
        if merged and len(content) < 4:
            merged[-1] = merged[-1] + " " + p
        else:
            merged.append(p)
    if len(merged) > 1 and len([w for w in words_of(merged[0]) if w not in stopwords]) < 4:
        merged[1] = merged[0] + " " + merged[1]
        merged.pop(0)
    return merged



#: An opening phrase of at most this many words can be a summary's own heading.
HEADING_WORDS = 4
_OPENING_SENTENCE = re.compile(r"(?<=[.:;!?])\s|\n")
_HEADING_PHRASE = re.compile(r"[,;:.]")


def opening_heading(text: str) -> str | None:
    """The heading a summary opens with, when it does: "Prompt injection. Prompt injection
    occurs when ..." or "Customization, retrieval, and the LLM operating system. General
    models ..." name their topic first, as a heading would ("Prompt injection",
    "Customization": the first of the topics it lists). That is a first sentence ending in
    "." or ":" and followed by more text, whose first phrase (up to a comma) has at most
    ``HEADING_WORDS`` words; None otherwise (a summary that opens with a full sentence).

    >>> opening_heading("Jailbreaks. A jailbreak is a user input designed to bypass training.")
    'Jailbreaks'
    >>> opening_heading("Customization, retrieval, and the LLM operating system. General models ...")
    'Customization'
    >>> opening_heading("Modern LLMs have learned about our world by reading what we wrote.") is None
    True
    """
    parts = _OPENING_SENTENCE.split(strip_links(text).strip(), maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None
    first = parts[0].strip()
    if not first.endswith((".", ":")) or first.endswith(".."):
        return None
    phrase = _HEADING_PHRASE.split(first, maxsplit=1)[0].strip()
    return phrase if 0 < len(phrase.split()) <= HEADING_WORDS else None

# ------------------------------------------------------------------ chapter titles

#: A chapter title ("LLM Security Intro", "How do they work?") is one line of at most this many
#: words, with no sentence end before its last word: not prose.
TITLE_WORDS = 10

# Words a chapter list uses to say which part of a topic a chapter is, not what it is about:
# its opening, its close, or a part of the talk ("Part 2", "Appendix", "Q&A", "Bonus").
_OPENING_PART = r"intro|introduction|overview|(?:opening|introductory) (?:thoughts|remarks|words)|welcome|preface|prologue"
_CLOSING_PART = (
    r"conclusions?|summary|summing up|recap|wrap[ -]?up|outro|epilogue|"
    r"(?:closing|concluding|final) (?:thoughts|remarks|words)|(?:key )?takeaways"
)
_OTHER_PART = r"appendix|bonus|q ?& ?a|part (?:\d+|[ivx]+|one|two|three|four|five)"
_PART = rf"(?:(?P<opening>{_OPENING_PART})|(?P<closing>(?:{_CLOSING_PART})(?: so far)?)|(?P<other>{_OTHER_PART}))"
# ... heading the title ("Intro: ...", "Introduction to ...", "Q&A") or closing it ("... Intro",
# "... conclusions", "... (recap)"); elsewhere such a word is content ("the introduction of generics").
_LEADING_PART = re.compile(rf"^\W*{_PART}(?=\s*(?:[:|\u2013\u2014-]|\bto\b|\W*$))", re.IGNORECASE)
_TRAILING_PART = re.compile(rf"(?<=[\s:(\[\u2013\u2014-]){_PART}[\s)\].!]*$", re.IGNORECASE)
# "Large Language Model (LLM)": a parenthesised acronym spelled by the initials of the words
# before it is the same term written twice.
_DEFINED = re.compile(r"\(\s*([A-Z]{2,})s?\s*\)")


def is_title(text: str) -> bool:
    """Whether ``text`` reads as a chapter title (``TITLE_WORDS``), not prose.

    >>> is_title("LLM Security Intro"), is_title("How do they work?")
    (True, True)
    >>> is_title("The oven heats slowly. Then it holds the heat for hours.")
    False
    """
    text = strip_links(text).strip()
    return bool(text) and "\n" not in text and len(text.split()) <= TITLE_WORDS and not ends_sentence_inside(text) and not text.endswith(".")


def title_part(text: str) -> tuple[str, str | None]:
    """A chapter title split into its topic and the part of it the title names: ``"opening"``
    (an intro, an overview), ``"closing"`` (conclusions, a summary, a recap) or ``"other"`` (an
    appendix, a Q&A, "Part 2"); ``(text, None)`` when it names none, or is no title (``is_title``).

    Those words say which part of a topic a chapter is, not what the speaker says there: where
    a speaker happens to say "intro" ("an intro talk", at the start) is no evidence of where
    the security part's intro is. The topic is what places the chapter; the part says which of
    the places it is said is the chapter's (``Locator.locate``). A title made only of such words
    ("Summary so far", "Q&A") has an empty topic: nothing to place. A parenthesised acronym the
    words before it spell ("Large Language Model (LLM)") is left out of the topic: the same term.

    >>> title_part("LLM Security Intro")
    ('LLM Security', 'opening')
    >>> title_part("Intro: Large Language Model (LLM) talk")
    (': Large Language Model talk', 'opening')
    >>> title_part("Summary so far")
    ('', 'closing')
    >>> title_part("The introduction of generics")
    ('The introduction of generics', None)
    """
    if not is_title(text):
        return text, None
    topic, part = strip_links(text).strip(), None
    for pattern in (_LEADING_PART, _TRAILING_PART):
        match = pattern.search(topic)
        if match:
            part = part or next(name for name, value in match.groupdict().items() if value)
            topic = (topic[: match.start()] + topic[match.end() :]).strip()
    if part is None:
        return text, None

    def defined(match: re.Match) -> str:
        before = words_of(topic[: match.start()])
        letters = match.group(1).lower()
        return "" if "".join(w[0] for w in before[-len(letters) :]) == letters else match.group(0)

    topic = re.sub(r"\s+", " ", _DEFINED.sub(defined, topic)).strip()
    return topic, part


# A direct question opens with a question word and an auxiliary ("how do", "what is", "why
# did"); an indirect one ("we don't know how they work") does not invert.
_QUESTION_WORDS = frozenset("how why what when where who which".split())
AUXILIARIES = frozenset(
    "do does did is are was were can could will would should shall may might must has have had".split()
)


def title_question(text: str, stopwords: frozenset[str] = STOPWORDS) -> list[str] | None:
    """A chapter title asked as a direct question with at most one word that can place it
    ("How do they work?"): its question word, then its content words (its other words, when
    it has none), in order; None otherwise. Such a title says too little to place by its
    words; a speaker asking that very question ("... how does this network work? ...") is
    where its chapter begins (``lead_in.asked``).

    >>> title_question("How do they work?")
    ['how', 'work']
    >>> title_question("How do transformers learn grammar?") is None
    True
    """
    words = words_of(text)
    if not is_title(text) or not text.rstrip().endswith("?") or len(words) < 3:
        return None
    if words[0] not in _QUESTION_WORDS or words[1] not in AUXILIARIES:
        return None
    content = [w for w in words[2:] if w not in stopwords and len(w) > 1]
    if len(content) > 1:
        return None
    return [words[0], *(content or words[2:])]


# ------------------------------------------------------------------ languages and scripts

# Writing systems where one sign is a syllable or a word: each counts as much as a few letters.
_SYLLABIC = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"})
# The writing system of languages not written in Latin letters (by language code).
_SCRIPT_OF_LANGUAGE = {
    "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "be": "CYRILLIC", "mk": "CYRILLIC", "kk": "CYRILLIC",
    "zh": "CJK", "ja": "CJK", "ko": "HANGUL", "ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "he": "HEBREW",
    "yi": "HEBREW", "el": "GREEK", "hi": "DEVANAGARI", "mr": "DEVANAGARI", "ne": "DEVANAGARI", "th": "THAI",
    "ka": "GEORGIAN", "hy": "ARMENIAN", "bn": "BENGALI", "ta": "TAMIL",
}


def script_of(text: str) -> str | None:
    """The writing system of most of ``text``'s letters (``LATIN``, ``CYRILLIC``, ``CJK``...;
    Japanese kana count as ``CJK``), or None without letters.

    >>> script_of("the oven"), script_of("печь и хлеб"), script_of("Karpathy 把 tool use 作为扩展模型能力的方式来讨论")
    ('LATIN', 'CYRILLIC', 'CJK')
    """
    counts: Counter[str] = Counter()
    for c in text:
        if c.isalpha():
            script = unicodedata.name(c, "?").split(" ")[0]
            script = "CJK" if script in ("HIRAGANA", "KATAKANA") else script
            counts[script] += 3 if script in _SYLLABIC else 1
    return counts.most_common(1)[0][0] if counts else None


def other_language(text: str, language_code: str | None) -> str | None:
    """The language (a code) or writing system (lowercase) ``text`` is written in, when it is
    clearly not ``language_code``'s (a Chinese summary of an English talk); else None.

    >>> other_language("Karpathy 的 intro 把 tool use 和 retrieval 作为方式来讨论", "en")
    'cjk'
    >>> other_language("und dann haben wir das Haus gebaut, aber es war nicht einfach", "en")
    'de'
    >>> other_language("so we built the house and it was not easy", "en") is None
    True
    """
    if not language_code:
        return None
    base = language_code.replace("_", "-").split("-")[0].lower()
    script = script_of(text)
    if script is None:
        return None
    if script != _SCRIPT_OF_LANGUAGE.get(base, "LATIN"):
        return script.lower()
    guessed = guess_language([text])
    return guessed if guessed is not None and guessed != base and base in _BY_LANGUAGE else None
