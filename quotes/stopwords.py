"""Function words per language, and a guess at a text's language from them. No I/O.

Function words ("the", "und", "que") say nothing about where a summary is said. In a long
video the matcher learns them anyway (they are said everywhere); in a short one it needs a
list. Lists are written accent-folded, as ``match.words_of`` reads words (``für`` -> ``fur``).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["STOPWORDS", "stopwords_for", "guess_language"]


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
    from .match import words_of

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
