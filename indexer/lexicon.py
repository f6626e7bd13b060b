"""Word lists the extractor relies on: reporting verbs, titles, and nouns that name bodies and groups."""

from __future__ import annotations

# Verbs (lemmas) that report speech. Beliefs and intentions (believe, want, hope) are not speech, nor are
# verbs that judge or act rather than report words (criticize, accuse, agree, offer, threaten, disclose).
SPEECH_VERBS = frozenset(
    """
    say tell add state note emphasize emphasise stress warn urge explain insist argue claim announce
    declare assert reiterate remark comment reply respond answer ask write tweet post report confirm
    deny acknowledge admit predict promise pledge vow suggest recall testify recount contend concede
    complain charge boast joke quip observe mention reveal underscore underline highlight
    propose demand caution counter retort continue describe told lament allege estimate
    indicate point call express proclaim opine muse scoff sneer shout yell whisper tout praise
    thank stress affirm reaffirm maintain brief inform advise
    assure pronounce recommend read conclude echo exclaim retweet email repeat brag
    """.split()
)

# Verbs that need a particular complement to count as speech: `point out`, `call for`, `express hope`.
NEEDS_PARTICLE = {"point": {"out"}}
NEEDS_PREPOSITION = {"call": {"for", "on"}}
EXPRESSION_NOUNS = frozenset(
    """
    hope concern confidence belief regret support wish opposition satisfaction appreciation worry
    """.split()
)
EXPRESSION_VERBS = frozenset({"express", "voice", "reiterate", "reaffirm"})

# Nouns that name words said rather than say them: `repeating the minister's words`, `confirmed the remarks`.
SPEECH_REFERENCE_NOUNS = frozenset(
    """
    word remark comment statement claim message phrase quote quotation sentiment assertion line
    """.split()
)

# Verbs that count as speech only when they introduce a clause (`maintained that ...`).
CLAUSE_ONLY_VERBS = frozenset(
    """
    maintain continue describe indicate estimate post brief inform call read
    """.split()
)

# Verbs whose object or to-infinitive is what was said (`pledged to oppose ...`, `announced his resignation`).
OBJECT_CONTENT_VERBS = frozenset(
    """
    announce promise predict repeat pledge vow deny confirm reiterate claim declare propose demand
    tweet post urge reveal recommend
    """.split()
)


# Titles and offices written before a person's name (`Senator`, `Foreign Minister`, `Mr.`): the extractor's and
# the query parser's one list of them.
NAME_TITLES = frozenset(
    """
    ambassador attorney candidate chair chairman chairwoman chancellor congressman congresswoman democrat
    democratic director dr foreign former front-runner frontrunner general gop gov governor hopeful judge
    justice leader mayor minister miss mr mrs ms nominee president presidential prime rep representative
    republican secretary sen senator sir speaker spokesman spokesperson spokeswoman state us vice
    """.split()
)

# Words that also begin a role in an article (`White House press secretary`, `campaign chairman`, `national
# security adviser`) but in a question begin a speaker's name or the topic.
ROLE_WORDS = frozenset(
    """
    admiral adviser advisor agriculture analyst anchor assemblyman assemblywoman assistant associate author
    billionaire brother businessman businesswoman campaign capt. captain ceo chief co-founder coach col.
    colonel columnist commerce commissioner consul correspondent councillor councilman councilwoman counselor
    defence defense del. delegate deputy director-general dr. economist economy editor education energy envoy
    executive father finance first founder gen. gov. head health hereditary host house incumbent independent
    interior king labor lady lawmaker lord lt. manager mla mogul mp mpp mr. mrs. ms. national officer
    organiser organizer pollster pope premier president-elect press prince princess prof. professor queen rep.
    reporter rev. reverend secretary-general security sen. senate sgt. sister strategist then-candidate then-president
    trade treasury u.s. under undersecretary white writer
    """.split()
)

# Words that start or make up a role in a name: `Chinese Foreign Minister Wang Yi`.
TITLE_WORDS = NAME_TITLES | ROLE_WORDS

HONORIFICS = frozenset("mr. mr mrs. mrs ms. ms miss dr. dr sir prof. rev.".split())

# Head nouns that make a speaker an organization.
ORGANIZATION_HEADS = frozenset(
    """
    ministry department agency office government committee council commission party campaign
    administration embassy court bureau police army military company corporation firm network
    channel newspaper paper union association institute university bank house kremlin pentagon
    congress senate parliament fund foundation organization organisation service board authority
    cabinet center centre group team club league times post journal news press tribune herald
    telegraph gazette guardian globe daily weekly magazine radio television tv broadcaster website
    blog outlet station ministries presidency secretariat mission delegation command force forces
    navy guard federation coalition alliance movement society institution
    """.split()
)

# Last words of the names of places and schools that are never a surname: `Ross Sea`, `Trinity College`.
PLACE_HEADS = frozenset(
    """
    sea ocean shelf glacier peninsula strait gulf canyon desert valley island islands mountains avenue
    airport harbour harbor college school academy hospital seminary
    """.split()
)

# Head nouns that name a document, whose source speaks for it (`a statement from Beijing`).
ISSUING_VERBS = frozenset(
    """
    issue release publish send write conduct produce file post air run launch commission sign author
    """.split()
)  # what a body does to a document it is the author of (`issued a statement`); not obtain, see or review

DOCUMENT_HEADS = frozenset(
    """
    report statement study poll survey article letter memo email e-mail filing release document
    documents analysis complaint lawsuit indictment ruling book column editorial op-ed post tweet
    transcript website video ad advertisement average count tally estimate estimates data figures records
    research clip commercial memoir autobiography decision
    """.split()
)

# Documents of one kind under other words: `A web video by the RNC ... The ad also mentions`, `Mariano wrote a
# memoir ... the book said`. Each word maps to its kind; a word not here is a kind of its own.
DOCUMENT_KINDS = {
    **dict.fromkeys(("ad", "advertisement", "commercial", "video", "clip"), "ad"),
    **dict.fromkeys(("book", "memoir", "autobiography"), "book"),
    **dict.fromkeys(("ruling", "decision"), "ruling"),
    **dict.fromkeys(("report", "study", "analysis", "research"), "report"),
    **dict.fromkeys(("poll", "survey"), "poll"),
}

# Pronouns inside a description that point to a person, by gender: `his aides`, `those close to him`.
OWNER_PRONOUNS = {"his": "male", "him": "male", "her": "female"}

# Where a body publishes its documents: `a document on the Trump campaign's website`.
PUBLISHING_PLACES = frozenset("website site page account feed blog channel".split())

# Nouns for the makers of a document: `The authors of the report, which include ...`.
AUTHOR_NOUNS = frozenset("author authors publisher publishers writer writers creator creators".split())

# Verbs whose subject is the author of a document of a kind, unnamed by the verb: `The appeals court ruled that
# ...` then `said the ruling`.
DOCUMENT_VERBS = {"rule": "ruling", "decide": "ruling"}

# Head nouns that make a speaker a group of people.
GROUP_HEADS = frozenset(
    """
    media officials analysts experts sources people residents voters critics observers supporters
    lawmakers leaders diplomats witnesses reporters investigators researchers scientists democrats
    republicans authorities aides advisers advisors members organizers organisers protesters
    activists economists historians scholars students teachers parents workers citizens americans
    officers prosecutors lawyers attorneys insiders staffers pollsters donors delegates candidates
    spokesmen participants others some many both several sides countries nations ministers
    """.split()
)

PERSONAL_PRONOUNS = {"he": "male", "him": "male", "she": "female", "her": "female"}
PLURAL_PRONOUNS = frozenset({"they", "them"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you"})
ALL_PRONOUNS = frozenset({*PERSONAL_PRONOUNS, *PLURAL_PRONOUNS, *FIRST_PERSON, "it", "who", "which", "that"})
FORCE_NOUNS = frozenset({"police"})  # `police said`: the force the article names by its place
DEMONSTRATIVES = frozenset({"those", "these"})  # a speaker only with what describes them: `those close to him`

WEEKDAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# Day words next to a cue that say when the words were said (`said Monday`).
TIME_WORDS = WEEKDAY_WORDS | {"yesterday", "today", "tonight"}

# A sentence with one of these outside quotation marks is the reporter's own, not a speaker's carried on.
FIRST_PERSON_WORDS = frozenset({"i", "me", "my", "we", "our", "us"})

# Verbs whose object is who was spoken to, not the speaker (`telling CNN that ...`).
ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "urge", "inform", "assure", "remind", "advise"})

# Verbs whose object and to-infinitive together are what was said (`urged the government to act`).
OBJECT_INFINITIVE_VERBS = frozenset({"urge", "ask", "warn", "tell", "call"})

# Verbs that report an indirect question (`asked if ...`), and the words that open one.
QUESTION_VERBS = frozenset({"ask", "wonder", "question"})
QUESTION_OPENERS = frozenset({"if", "whether"})

# Conjunctions that open a contrasting clause with a cue of its own (`A, while 22 percent said B`).
CONTRAST_CONJUNCTIONS = frozenset({"while", "whereas"})

# Prepositions before a participle cue that reports for the clause it hangs on (`by pointing out that ...`).
PARTICIPLE_PREPOSITIONS = frozenset({"by", "before", "after", "upon"})

# Prepositions that name who is behind a document (`a statement from Beijing`, `a report by the Post`).
SOURCE_PREPOSITIONS = frozenset({"from", "by", "of"})

# Relative pronouns: those that stand for a subject (`voters, who said ...`), and those that open an aside.
SUBJECT_RELATIVES = frozenset({"who", "which", "that"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})

# Quotation marks as the tokenizer leaves them; a closing mark or a comma ends a quotation's words.
OPENING_MARKS = ("“", '"', "''", "``", "‘")
CLOSING_MARKS = ("”", '"', "''", "’")
CUE_DELIMITERS = (",", "—", "–")

# What is cut from either end of reported words (`said that ...`, a trailing comma or dash).
TRIM_LEFT = frozenset(",;:—–-") | {"that"}
TRIM_RIGHT = frozenset(",;:—–-.")


# Nouns that name people: a speaker described, not named (`a ruling party official`).
PERSON_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson aide adviser advisor source analyst expert economist
    lawyer attorney judge prosecutor candidate nominee president senator governor mayor minister
    secretary director chairman chairwoman chair chief leader member voter supporter critic resident
    witness author writer reporter editor columnist host anchor officer agent pollster strategist
    consultant manager executive owner founder professor teacher student scientist researcher doctor
    nurse victim survivor friend neighbor neighbour mother father wife husband son daughter brother sister
    colleague partner worker employee activist protester organizer organiser lawmaker legislator
    representative congressman congresswoman diplomat ambassador envoy commander general soldier veteran
    historian scholar observer insider staffer donor delegate operative campaigner coordinator
    commentator blogger correspondent journalist man woman person someone somebody one fan actor actress
    singer musician artist comedian celebrity athlete player coach rabbi pastor priest bishop imam cleric
    boy girl child kid teenager student parent mom dad grandmother grandfather moderator panelist
    demographer statistician physician surgeon lobbyist businessman businesswoman entrepreneur investor
    farmer owner trader banker attendee participant respondent volunteer confidant ally loyalist insider
    master organiser planner official lady
    """.split()
)

# Family words: `his father` is a person the article named so (`his father, Johann, ...`).
KINSHIP_WORDS = frozenset("""
mother father wife husband son daughter brother sister parent parents mom dad grandmother grandfather uncle
aunt nephew niece cousin stepfather stepmother fiance fiancee fiancé fiancée partner widow widower
""".split())

# -- people and bodies an article names ----------------------------------------------------------------

# Titles that tell a person's gender: `Mr. Obama` is not Michelle Obama.
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father", "brother"})
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "lady", "queen", "princess", "sister", "madam"})
# Styles that are part of the name a reader uses for someone known by one name: `Lord Byron`, `Queen Victoria`.
NAME_STYLES = frozenset({"lord", "lady", "sir", "dame", "king", "queen", "emperor", "empress", "pope", "saint",
                         "prince", "princess"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

# Parts of a name that are not its first or last name: `Joseph R. Biden Jr.`, `Ludwig van Beethoven`.
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
NAME_PARTICLES = frozenset({"de", "del", "della", "di", "da", "van", "von", "der", "den", "la", "le", "al", "bin",
                            "ibn"})
# Words an acronym leaves out: `Export Development Canada` is EDC, `Department of Justice` DOJ.
ACRONYM_SKIP = frozenset({"of", "and", "for", "the", "on", "in", "to", "de", "&"})
# Endings of nouns that name what a person does (`Mathematician`, `Organizer`): a role before a name.
ROLE_SUFFIXES = ("ian", "ist", "er", "or", "ant", "ent")

# Nouns of a description that, with `the`, mean an organisation the article named before (`the company`).
ORGANIZATION_DESCRIPTIONS = ORGANIZATION_HEADS | frozenset(
    """
    railway railroad airline carrier retailer automaker insurer lender maker manufacturer developer operator
    regulator utility hospital school college league team club broadcaster publisher studio label brand
    giant startup conglomerate miner producer
    """.split()
)
# Offices a definite description names one holder of: `the Republican nominee`, `the senator`.
OFFICE_WORDS = frozenset(
    """
    nominee candidate president senator governor congressman congresswoman businessman businesswoman mogul
    billionaire secretary minister mayor chancellor premier frontrunner front-runner hopeful incumbent
    """.split()
)
# Offices whose word says the holder's gender: `the New York businessman` is not Hillary Clinton.
GENDERED_OFFICES = {
    "businessman": "male", "congressman": "male", "businesswoman": "female", "congresswoman": "female",
}
# Nouns that say the gender of the person they describe: `the 34-year-old mother of three`.
GENDERED_NOUNS = {
    **GENDERED_OFFICES,
    **dict.fromkeys("mother wife woman lady daughter sister actress chairwoman spokeswoman girl mom widow "
                    "grandmother queen princess".split(), "female"),
    **dict.fromkeys("father husband man son brother actor chairman spokesman boy dad widower grandfather king "
                    "prince".split(), "male"),
}
# Nouns for a part a person plays in the story, not a name for someone already named: `the victim said` after
# `Police Chief Jane Ruiz said` is someone else.
PARTY_NOUNS = frozenset("""
victim suspect witness survivor defendant plaintiff complainant accused driver passenger resident neighbor
neighbour bystander caller patient customer shopper voter source official officer person someone somebody one
""".split())
# Words of one party's name said two ways: `the GOP nominee` is the `Republican presidential nominee`.
PARTY_SYNONYMS = {"gop": "republican", "democrat": "democratic", "dem": "democratic"}
# Bodies named after a person: `the Clinton campaign`, `Trump's campaign`.
PERSONAL_BODIES = frozenset({"campaign"})
# A person's team or camp: their campaign where the article names it (`The Trump team` beside `the Trump
# campaign`), else the team as written.
TEAM_NOUNS = frozenset({"team", "camp"})

# -- roles across the archive -----------------------------------------------------------------------------

# Nouns that make a phrase a role (what someone is): with the office and title words, and words that end like
# a trade (ROLE_SUFFIXES), `Florida senator` and `co-founder of Uber` are roles, `warm-and-fuzzy` is not.
ROLE_NOUNS = PERSON_NOUNS | OFFICE_WORDS | (NAME_TITLES | ROLE_WORDS) - frozenset(
    """
    state us u.s. democratic republican foreign former prime vice presidential gop first white house national
    security trade treasury commerce energy finance health interior education agriculture defence defense
    economy labor independent incumbent under press senate hereditary campaign
    """.split()
) | frozenset(
    """
    nominee front-runner frontrunner hopeful incumbent challenger contender rival opponent heir son daughter
    premier king queen prince princess pope magnate tycoon mogul billionaire millionaire star legend icon
    chancellor justice magistrate sheriff marshal detective inspector captain lieutenant sergeant colonel
    major admiral minister deputy cabinet clerk treasurer comptroller auditor commissioner trustee regent
    dean provost principal rector chaplain rival democrat republican conservative liberal progressive socialist
    libertarian moderate evangelical
    """.split()
)
# Short forms of offices, read as the office when roles are compared: `Florida Sen.` is `Florida senator`.
ROLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                      "pres": "president", "sec": "secretary", "lt": "lieutenant", "col": "colonel",
                      "capt": "captain", "sgt": "sergeant", "prof": "professor", "rev": "reverend",
                      "amb": "ambassador", "atty": "attorney", "supt": "superintendent"}
# Words after a role's own noun: `secretary` of `secretary of state`, `spokeswoman` of `spokeswoman for Uber`.
ROLE_PREPOSITIONS = frozenset({"of", "for", "at", "to", "in", "with", "on", "from", "and", "who", "whose"})
# Words that open a judgement, a possession or a count, not a role: `most able candidate`, `best friend`,
# `his Democratic opponent`, `two million members of the union`.
JUDGING_WORDS = frozenset("""
most least more less very so too such quite really only best worst real biggest greatest his her their its our my
your some any one two three four five six seven eight nine ten dozens hundreds thousands millions
""".split())
# Words that cannot open a person's name: `His chief aide`, `The company`.
NOT_NAME_OPENERS = frozenset({"his", "her", "their", "its", "our", "my", "your", "the", "a", "an", "this", "that",
                              "these", "those", "one", "some", "many", "several", "another", "other"})
# Words that a sentence's start capitalises before a name but that open no name: `Though Sanders`, `Without
# Bloomberg`.
SENTENCE_OPENERS = frozenset("""
if when though although as but and so then while because since after before without with despite like unlike
for from at by in on to of or nor yet once until whether where why how what who unless also even only still
""".split())
# Words before an office that make it another office: a `Vice President` is not the `President`.
OFFICE_CHANGING_WORDS = frozenset({"vice", "deputy", "former", "ex", "ex-", "then", "assistant", "acting", "associate",
                                   "under", "lieutenant", "co", "co-", "shadow", "interim", "past", "would-be",
                                   "first"})
# Words that name a newspaper on their own once its full name is known (`the Post`, `the Times`): a one-word
# body of these joins the one body of the archive whose name ends in it; other heads (`Party`) never do.
NEWSPAPER_WORDS = frozenset(
    """
    post times herald journal globe guardian gazette tribune daily star sun mirror telegraph chronicle examiner
    observer inquirer courier bulletin register independent economist atlantic
    """.split()
)
COMMON_BODY_NOUNS = ORGANIZATION_DESCRIPTIONS - NEWSPAPER_WORDS
# Role nouns too common to tell two people apart by: sharing one is no evidence that two names are one person.
GENERIC_ROLE_HEADS = frozenset({"", "man", "woman", "person", "resident", "voter", "supporter", "member", "official",
                                "people", "friend", "one", "leader", "source"})
# Names that are no one in particular: a speaker called only this is an unnamed source (`One`, `Those`, `A
# Democrat`), as is one whose name counts people (`Six in 10 Republican voters`, `One of the authors`).
GENERIC_SPEAKER_WORDS = frozenset("""
this that these those it they one another other others some all many most few several someone somebody
anyone everyone people democrat democrats republican republicans conservative conservatives liberal liberals
both either neither each
""".split())
COUNT_OPENERS = frozenset("""
one two three four five six seven eight nine ten dozens hundreds thousands millions more nearly about almost
just only over under roughly some most half
""".split())
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})

# Words that open a paragraph in capitals and a colon without naming who speaks (`UPDATE:`, `WATCH:`): never a
# transcript's speaker label.
HEADING_LABELS = frozenset("""
update updated updates watch breaking note editor's editors correction clarification related photos photo video
read more also see exclusive opinion analysis warning spoiler transcript disclaimer advertisement file source
sources live listen caption credit bottom line q a question answer background context fact check follow
""".split())

# Words that carry a sentence on after its closing cue with the narrator's words, not the speaker's (`A, he
# said, as he left the stage`; `A, she said, before walking out`).
NARRATION_OPENERS = frozenset("as before after while when during according referring pointing citing".split())

# Words that keep a source unnamed on purpose (`a White House official, who spoke on condition of anonymity`):
# no person named nearby is that source.
ANONYMITY_WORDS = frozenset("""
anonymity anonymously unnamed unidentified authorized authorised familiar identified named
""".split())

# Subordinators of a clause that gives the speaker's reason or concession, which carries reported words on
# (`said the claim smacked of hypocrisy, because Democrats ...`).
REASON_MARKS = frozenset("because since although though unless whereas".split())
