"""What managers write when they mean a menu choice, in Swedish and English: the phrasings bot/intents.py matches.

Everything here is written folded (å, ä → a, ö → o, é → e) and in lower case, as the matcher compares it. A
*pattern* is the words that together ask for the intent ("sluta" + "paminn"); a word of four letters or more
also matches its inflections ("bestall" → beställa, beställning, beställningarna) and, from five letters, a
typo of one letter. *Also* lists words that may stand beside a pattern without changing what is asked
("stöd" in "beställ stöd"); *FILLER* words may stand anywhere. A message with any other word is free text and
asks for nothing — that is what keeps "Vi behöver bättre rutiner för dokumentation" from being an order.
"""

from __future__ import annotations

# Intent names: the commands of bot/commands.py, and what is only talk.
GREETING = "greeting"
THANKS = "thanks"
CHANNEL_ONLY = "channel_only"  # the central team's commands, which work in its linked channel


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FILLER = _words(  # Swedish
    "jag vi du ni man vill ville skulle kan kunde far fa ska behover onskar tanker gora gor gärna garna "
    "nu har och att en ett den det de dom som om for till med pa av i fran hos at mig oss min mitt mina var "
    "vart vara era er din ditt dina enhetens enheten snalla tack hej hallo hejsan tjena hallå god goddag "
    "morgon kvall dag visa se oppna ta fram lite bara ocksa ju val alltsa typ okej ok kanske "
    "hur vad vilka vilken nagon nagot nagra vilja ar snall ga ha"
) | _words(  # English; the matcher drops apostrophes (I'd → id)
    "id im ill ive lets whats youre i we you me my our your the a an to of for in on at with from and please "
    "pls plz would like want need could can will let show see open get give do make start some just also now "
    "again thanks thank hi hello hey good morning evening afternoon there how what which any view check go have "
    "back"
)

# intent → (patterns, separated by "/", also). A pattern is words that must all be present ("sluta paminn");
# every other word of the message must be filler or a word of the intent (its patterns' words and `also`).
_TABLE: dict[str, tuple[str, str]] = {
    "menu": (
        "meny / menyn / menu / huvudmeny / main menu / startsida",
        "tillbaka back alternativ val options",
    ),
    "help": (
        "hjalp / help / vad kan du / hur fungerar / hur funkar / instruktion / what can you / how does work / how "
        "works / instructions",
        "gora gor do this det har boten bot kvalitetslotsen anvander use behover need fungerar funkar works work does",
    ),
    "cancel": (
        "avbryt / cancel / glom det / never mind / abort",
        "allt everything this detta stop",
    ),
    "assessment": (
        "sjalvvardering / sjalvutvardering / sjalvskattning / utvardering / assessment / assess / evaluation",
        "borja starta fortsatt fortsatta genomfora fylla ny nya arets halvarets self begin continue new fill out "
        "carry unit enhet kvalitet quality our own",
    ),
    "change_unit": (
        "byt enhet / byta enhet / byter enhet / valj enhet / andra enhet / annan enhet / change unit / switch "
        "unit / choose unit / select unit / another unit / other unit / different unit",
        "ny new ratt right arbetar work jobbar",
    ),
    "order": (
        "bestall / boka / stod / utbildning / order / book / support / training / request support / request training",
        "hjalp kvalitetsteamet kvalitetsteam insats handledning ny nytt help quality team new central teamet place",
    ),
    "my_requests": (
        "mina bestallning / mina arende / arende / status bestallning / status arende / my request / my order / "
        "my cases / order status / request status",
        "gamla tidigare skickade oppna pagaende alla previous open sent all old gar det",
    ),
    "my_results": (
        "resultat / result / score / poang / utfall / sammanstallning",
        "senaste jamfor jamforelse over tid tidigare latest compare comparison time previous unit enhet",
    ),
    "my_data": (
        "uppgifter / personuppgifter / radera mig / vad vet du / my data / personal data / delete data / what "
        "know about / gdpr",
        "radera ta bort sparade sparat lagrade exportera data delete remove erase stored export vet om know about "
        "you personal",
    ),
    "reminders_off": (
        "sluta paminn / stang av paminn / paminnelse av / inga paminnelse / inte paminnelse / fler paminnelse / "
        "stop remind / remind off / no remind / no more remind / turn off remind / unsubscribe",
        "mer fler inte more send skicka sending",
    ),
    "reminders_on": (
        "paminn mig igen / paminn mig / sla pa paminn / paminnelse pa / paminnelse igen / start remind / remind "
        "on / remind again / turn on remind",
        "igen again send skicka",
    ),
    "group_round": (
        "gruppbedomning / gruppbedom / arbetsgruppens bedomning / arbetsgruppen bedom / medarbetarna bedom / "
        "bjud arbetsgrupp / bjud medarbetare / group assessment / group round / work group / team assessment / "
        "employees rate / invite team",
        "bjud in invite anonym anonymt anonymous anonymously starta start arbetsgrupp arbetsgruppen medarbetare "
        "kollegor colleagues employees team",
    ),
    "action_plan": (
        "atgardsplan / atgardsplanen / planera atgard / skriv atgard / skriva atgard / action plan / plan action / "
        "write action",
        "ny nytt new for enhetens some plan",
    ),
    "my_actions": (
        "mina atgarder / vara atgarder / atgarder / atgarderna / my actions / our actions / open actions / actions",
        "oppna planerade pagaende alla lista open planned all list",
    ),
    "action_done": (
        "markera klar / klarmarkera / atgard klar / atgarden klar / atgarden ar klar / mark done / mark as done / "
        "action done / action is done / mark complete",
        "som as en the it har gjort gjord completed finished",
    ),
    GREETING: (
        "hej / hejsan / halla / hallo / tjena / god morgon / goddag / god dag / hi / hello / hey / good morning / "
        "good afternoon",
        "allihop kvalitetslotsen bot there all",
    ),
    THANKS: (
        "tack / tackar / thanks / thank / tack for hjalp",
        "sa mycket sjukt bra toppen perfekt hjalpen lot very much great perfect super snallt stort ska du",
    ),
    CHANNEL_ONLY: (
        "rapport / report / export / koppla kanal / link channel",
        "excel csv fil filer file files kvalitetsteam kvalitetsteamets alla all",
    ),
}
INTENTS: dict[str, tuple[tuple[tuple[str, ...], ...], frozenset[str]]] = {
    intent: (tuple(tuple(pattern.split()) for pattern in patterns.split("/")), _words(also))
    for intent, (patterns, also) in _TABLE.items()
}

# The central team's channel commands, exactly as the channel reads their first word (bot/channel_commands.py).
CHANNEL_WORDS = _words(
    "rapport report export exportera ärenden arenden requests påminn paminn remind kanal channel koppla"
)

# Real words one letter from a phrasing's word: they are what was meant, never a typo ("ordet" is "the word").
NOT_TYPOS = frozenset({"ordet", "orden", "ordna", "expert", "experter", "experten"})
