"""Word rules: words, function words, the words that place a text, sentences."""

from __future__ import annotations

from quotes.words import (
    MIN_CHECK_WORDS,
    content_words,
    ends_sentence,
    ends_sentence_inside,
    guess_language,
    placeable,
    split_sentences,
    stemmer_for,
    stopwords_for,
    words_of,
)


def test_split_sentences_merges_short_pieces():
    parts = split_sentences("Yes. The oven, which was old, cracked badly in the winter of 2019. Then we fixed it!")
    assert all(len(p.split()) >= 3 for p in parts)
    assert "oven" in " ".join(parts)


def test_words_fold_case_accents_apostrophes_and_number_words():
    assert words_of("It's Forty CAFÉS") == ["its", "40", "cafes"]


def test_content_words_leave_out_function_words_links_and_urls():
    assert content_words("[The oven](https://youtu.be/x) is hot https://example.com/a") == ["oven", "hot"]
    assert content_words("und der Ofen ist heiss", "de") == ["ofen", "heiss"]


def test_placeable_needs_enough_content_words():
    assert not placeable("Julia")
    assert placeable(" ".join(f"word{k}" for k in range(MIN_CHECK_WORDS)))


def test_function_words_and_language_guess():
    assert "und" in stopwords_for("de-AT") and "the" in stopwords_for(None)
    assert guess_language(["und dann haben wir das Haus gebaut, aber es war nicht einfach"]) == "de"
    assert guess_language(["12 34"]) is None


def test_stemmers_per_language():
    assert stemmer_for("en")("ovens") == stemmer_for("en")("oven")
    assert stemmer_for("xx")("ovens") == "ovens"  # a language without a stemmer: words as they are


def test_the_sentence_end_rule():
    assert ends_sentence("and that was it.") and ends_sentence("right?\u201d")
    assert not ends_sentence("so the oven")
    assert ends_sentence_inside("done. So then") and not ends_sentence_inside("so then done.")


def test_the_writing_system_and_language_of_a_text():
    from quotes.words import other_language, script_of

    assert script_of("печь и хлеб") == "CYRILLIC" and script_of("12 34") is None
    assert script_of("パンとオーブン") == "CJK"  # kana count as CJK
    assert other_language("печь и хлеб из деревни", "en") == "cyrillic"
    assert other_language("печь и хлеб из деревни", "ru") is None
    assert other_language("der Ofen und das Brot aus dem Dorf, aber nicht heute", "de") is None
    assert other_language("der Ofen und das Brot aus dem Dorf, aber nicht heute", "en") == "de"
    assert other_language("the oven and the bread", None) is None  # unknown: not judged
