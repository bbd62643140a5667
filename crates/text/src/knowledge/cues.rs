//! The cue lexicon (`lexicon/cues.toml`): stage cues, grammar words and money marks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::phrases::{KeySet, Phrase, PhraseSet};
use crate::words::word_key;

/// How firm a commitment is, after the way event coders separate intent from agreement; ordered
/// from the least firm to the firmest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Hedged,
    Intent,
    Firm,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Intent => "intent",
            Stage::Firm => "firm",
            Stage::Hedged => "hedged",
        }
    }
}

impl std::str::FromStr for Stage {
    type Err = UnknownStage;

    fn from_str(s: &str) -> Result<Stage, UnknownStage> {
        match s.trim().to_lowercase().as_str() {
            "intent" => Ok(Stage::Intent),
            "firm" => Ok(Stage::Firm),
            "hedged" => Ok(Stage::Hedged),
            _ => Err(UnknownStage(s.to_string())),
        }
    }
}

/// A stage name that is not intent, firm or hedged.
#[derive(Debug, thiserror::Error)]
#[error("unknown stage {0:?}: use intent, firm or hedged")]
pub struct UnknownStage(String);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CueFile {
    stage: StageFile,
    grammar: GrammarFile,
    question: QuestionFile,
    money: Money,
    time: TimeFile,
    frame: FrameFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageFile {
    firm: Vec<String>,
    intent: Vec<String>,
    hedged: Vec<String>,
    modal_ends: Vec<String>,
    gated: Vec<String>,
    reported: Vec<String>,
    commitment_verbs: Vec<String>,
    verb_modifiers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrammarFile {
    negation: Vec<String>,
    negation_window: usize,
    speculation: Vec<String>,
    not_commitment: Vec<String>,
    be: Vec<String>,
    indefinite: Vec<String>,
    agent: Vec<String>,
    clause_breaks: Vec<String>,
    speech: Vec<String>,
    speech_inverted: Vec<String>,
    first_person: Vec<String>,
    anaphor: Vec<String>,
    naming: Vec<String>,
    not_actor: Vec<String>,
    negation_after: Vec<String>,
    conditional: Vec<String>,
    opinion: Vec<String>,
    subject_followers: Vec<String>,
    determiner: Vec<String>,
    pronoun: Vec<String>,
    preposition: Vec<String>,
    relative: Vec<String>,
    bare: Vec<String>,
    possessive_pronoun: Vec<String>,
    standalone: Vec<String>,
    organisation: Vec<String>,
    reaction: Vec<String>,
    definite: Vec<String>,
    hosting: Vec<String>,
    gathering: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameFile {
    intent_modals: Vec<String>,
    planned_be: Vec<String>,
    conditional_modals: Vec<String>,
    hedge_modals: Vec<String>,
    speculative_modals: Vec<String>,
    firm_governors: Vec<String>,
    intent_governors: Vec<String>,
    hedge_governors: Vec<String>,
    proposal_governors: Vec<String>,
    refusals: Vec<String>,
    firm_acts: Vec<String>,
    hedged_acts: Vec<String>,
    priced_acts: Vec<String>,
    funding_acts: Vec<String>,
    ergative_acts: Vec<String>,
    outlay_acts: Vec<String>,
    tally_acts: Vec<String>,
    decisions: Vec<String>,
    not_undertaking: Vec<String>,
    speech: Vec<String>,
    opinion: Vec<String>,
    own_forecasts: Vec<String>,
    conditions: Vec<String>,
    pending: Vec<String>,
    agent_nouns: Vec<String>,
    person_nouns: Vec<String>,
    representatives: Vec<String>,
    commentators: Vec<String>,
    standalone_nouns: Vec<String>,
    state_nouns: Vec<String>,
    organisation_words: Vec<String>,
    person_titles: Vec<String>,
    intent_plans: Vec<String>,
    hedged_plans: Vec<String>,
    reactions: Vec<String>,
    deciding_bodies: Vec<String>,
    definite_determiners: Vec<String>,
    aspect_governors: Vec<String>,
    goal_nouns: Vec<String>,
    durations: Vec<String>,
    desire_verbs: Vec<String>,
    recommending_modals: Vec<String>,
    causatives: Vec<String>,
    temporal_marks: Vec<String>,
    examining_verbs: Vec<String>,
    examining_particles: Vec<String>,
    figurative_objects: Vec<String>,
    goal_objects: Vec<String>,
    candidacy_verbs: Vec<String>,
    candidacy_objects: Vec<String>,
    concurring: Vec<String>,
    presenting_verbs: Vec<String>,
    attitudes: Vec<String>,
    light_verbs: Vec<String>,
    presenting_particles: Vec<String>,
    phrasal_presenting_verbs: Vec<String>,
    pledge_nouns: Vec<String>,
    plan_content_verbs: Vec<String>,
    plan_frames: Vec<String>,
    hearsay_governors: Vec<String>,
    pair_words: Vec<String>,
    group_nouns: Vec<String>,
    led_bodies: Vec<String>,
    indefinite_determiners: Vec<String>,
    salience_recent_sentences: usize,
    salience_recent_bonus: usize,
    home_state: String,
}

/// Lemma lists for commitments read from a dependency parse (`[frame]` of `lexicon/cues.toml`).
#[derive(Debug)]
pub struct Frame {
    pub intent_modals: KeySet,
    pub planned_be: KeySet,
    pub conditional_modals: KeySet,
    pub hedge_modals: KeySet,
    pub speculative_modals: KeySet,
    pub firm_governors: KeySet,
    pub intent_governors: KeySet,
    pub hedge_governors: KeySet,
    pub proposal_governors: KeySet,
    pub refusals: KeySet,
    pub firm_acts: KeySet,
    pub hedged_acts: KeySet,
    /// Acts that weigh an option only when they name a price ("offered £5 a share").
    pub priced_acts: KeySet,
    /// Acts that fund only when money is what they pass on ("has given councils £1bn").
    pub funding_acts: KeySet,
    /// Acts that, with no object, say what happened to their subject ("the film opened").
    pub ergative_acts: KeySet,
    /// Acts of paying out that, with nothing paid or paid for, describe a habit ("is spending").
    pub outlay_acts: KeySet,
    /// Acts that, done to a counted number of goods, tally sales ("has sold 800,000 units").
    pub tally_acts: KeySet,
    /// Acts of deciding, the only acts a passive's named agent undertakes ("was approved by",
    /// "will be funded by"; "will be produced by" names who does a task).
    pub decisions: KeySet,
    pub not_undertaking: KeySet,
    pub speech: KeySet,
    pub opinion: KeySet,
    /// Views that, held about one's own act ("Acme hopes it will complete the deal"), state
    /// an intention.
    pub own_forecasts: KeySet,
    pub conditions: KeySet,
    /// Adverbs before a "to" that leave the act still to be done ("has yet to announce").
    pub pending: KeySet,
    pub agent_nouns: KeySet,
    pub person_nouns: KeySet,
    /// Of those, the people who speak for a body ("a spokesman for the firm"): the body speaks.
    pub representatives: KeySet,
    /// People whose words about what others will do are a forecast or a view ("analysts say
    /// BT will cut jobs").
    pub commentators: KeySet,
    pub standalone_nouns: KeySet,
    pub state_nouns: KeySet,
    pub organisation_words: KeySet,
    pub person_titles: KeySet,
    pub intent_plans: KeySet,
    pub hedged_plans: KeySet,
    /// Verbs of reaction ("backed the plan", "welcomed the move"): support for what someone
    /// else does, a commitment only when a body that decides on it reacts.
    pub reactions: KeySet,
    /// Subjects whose backing is a decision ("the board backed the deal").
    pub deciding_bodies: KeySet,
    /// Determiners that make a noun phrase refer to something already there ("the move").
    pub definite_determiners: KeySet,
    /// Aspect verbs ("began to", "continued"): they pass their tense on to an act and make no
    /// commitment of their own.
    pub aspect_governors: KeySet,
    /// Nouns of a goal: a copular clause whose subject is one states an intent ("the aim is to").
    pub goal_nouns: KeySet,
    /// Nouns of a stretch of time: "spent four months" spends no money.
    pub durations: KeySet,
    /// Verbs of wanting a thing ("wants lighter regulation"): a stated intention.
    pub desire_verbs: KeySet,
    /// Modals of a recommendation ("the government should make clear how it intends to"):
    /// what is in their clause is advice, not anyone's undertaking.
    pub recommending_modals: KeySet,
    /// Verbs that with an adjective say what an effect would be ("make the situation clearer").
    pub causatives: KeySet,
    /// Of the `conditions`, the marks that also make a clause of time: with a past act ("when
    /// ministers announced a reorganisation") the act happened.
    pub temporal_marks: KeySet,
    /// Verbs of looking and the particles that make them examining ("look at", "look into"):
    /// an option weighed, hedged.
    pub examining_verbs: KeySet,
    pub examining_particles: KeySet,
    pub figurative_objects: KeySet,
    /// Objects with which a verb of happening ("meet", "hit") undertakes: a target, a pledge.
    pub goal_objects: KeySet,
    /// Verbs of standing for office ("stand"): an undertaking against a rival or for an office.
    pub candidacy_verbs: KeySet,
    /// Offices and contests one stands for or in ("parliament", "election").
    pub candidacy_objects: KeySet,
    pub concurring: KeySet,
    pub presenting_verbs: KeySet,
    /// Adjectives of a view or a forecast ("is confident it will", "it is likely that"): what
    /// their clause says is expected, not undertaken.
    pub attitudes: KeySet,
    /// Light verbs and the nouns that make them an act ("made an offer" offers, "made a pledge"
    /// pledges): the noun carries the stage, like `pledge_nouns` and `hedged_plans`.
    pub light_verbs: KeySet,
    /// Particles by which a verb presents a plan ("drew up", "put forward", "set out").
    pub presenting_particles: KeySet,
    /// Verbs that with one of those particles bring a plan forth ("drew up", "put forward").
    pub phrasal_presenting_verbs: KeySet,
    pub pledge_nouns: KeySet,
    /// Verbs by which a plan states its contents ("the proposals include closing ...").
    pub plan_content_verbs: KeySet,
    /// Prepositions that set a clause inside a plan ("Under the plans, families will ...").
    pub plan_frames: KeySet,
    /// Passives of hearsay whose "to"-clause is hedged ("is understood to be planning").
    pub hearsay_governors: KeySet,
    /// Words of a pair ("both company boards", "the two firms"): the two bodies last named.
    pub pair_words: KeySet,
    /// Nouns that count a body of people ("a group of five MPs"): the people are the subject.
    pub group_nouns: KeySet,
    /// Bodies a person leads that a possessive pronoun gives them ("her party would").
    pub led_bodies: KeySet,
    /// Determiners that introduce a new body ("another company"): no reference back.
    pub indefinite_determiners: KeySet,
    /// How "he" or "the company" is resolved: a name seen within `salience_recent_sentences`
    /// sentences counts `salience_recent_bonus` times more than its mentions.
    pub salience_recent_sentences: usize,
    pub salience_recent_bonus: usize,
    /// The state whose news this is: its government is "the government", not a foreign one.
    pub home_state: String,
}

/// Lemmas are compared in lower case, apostrophes kept ("'ll").
fn lemmas(words: Vec<String>) -> KeySet {
    words.iter().map(|w| w.to_lowercase()).collect()
}

impl Frame {
    /// Whether a lemma is a modal of an undertaking to come or of a conditional pledge ("will",
    /// "would"): both give the intent stage.
    pub fn intends(&self, lemma: &str) -> bool {
        self.intent_modals.contains(lemma) || self.conditional_modals.contains(lemma)
    }

    fn parse(f: FrameFile) -> Frame {
        Frame {
            intent_modals: lemmas(f.intent_modals),
            planned_be: lemmas(f.planned_be),
            conditional_modals: lemmas(f.conditional_modals),
            hedge_modals: lemmas(f.hedge_modals),
            speculative_modals: lemmas(f.speculative_modals),
            firm_governors: lemmas(f.firm_governors),
            intent_governors: lemmas(f.intent_governors),
            hedge_governors: lemmas(f.hedge_governors),
            proposal_governors: lemmas(f.proposal_governors),
            refusals: lemmas(f.refusals),
            firm_acts: lemmas(f.firm_acts),
            hedged_acts: lemmas(f.hedged_acts),
            priced_acts: lemmas(f.priced_acts),
            funding_acts: lemmas(f.funding_acts),
            ergative_acts: lemmas(f.ergative_acts),
            outlay_acts: lemmas(f.outlay_acts),
            tally_acts: lemmas(f.tally_acts),
            decisions: lemmas(f.decisions),
            not_undertaking: lemmas(f.not_undertaking),
            speech: lemmas(f.speech),
            opinion: lemmas(f.opinion),
            own_forecasts: lemmas(f.own_forecasts),
            conditions: lemmas(f.conditions),
            pending: lemmas(f.pending),
            agent_nouns: lemmas(f.agent_nouns),
            person_nouns: lemmas(f.person_nouns),
            representatives: lemmas(f.representatives),
            commentators: lemmas(f.commentators),
            standalone_nouns: lemmas(f.standalone_nouns),
            state_nouns: lemmas(f.state_nouns),
            organisation_words: lemmas(f.organisation_words),
            person_titles: lemmas(f.person_titles),
            intent_plans: lemmas(f.intent_plans),
            hedged_plans: lemmas(f.hedged_plans),
            reactions: lemmas(f.reactions),
            deciding_bodies: lemmas(f.deciding_bodies),
            definite_determiners: lemmas(f.definite_determiners),
            aspect_governors: lemmas(f.aspect_governors),
            goal_nouns: lemmas(f.goal_nouns),
            durations: lemmas(f.durations),
            desire_verbs: lemmas(f.desire_verbs),
            recommending_modals: lemmas(f.recommending_modals),
            causatives: lemmas(f.causatives),
            temporal_marks: lemmas(f.temporal_marks),
            examining_verbs: lemmas(f.examining_verbs),
            examining_particles: lemmas(f.examining_particles),
            figurative_objects: lemmas(f.figurative_objects),
            goal_objects: lemmas(f.goal_objects),
            candidacy_verbs: lemmas(f.candidacy_verbs),
            candidacy_objects: lemmas(f.candidacy_objects),
            concurring: lemmas(f.concurring),
            presenting_verbs: lemmas(f.presenting_verbs),
            attitudes: lemmas(f.attitudes),
            light_verbs: lemmas(f.light_verbs),
            presenting_particles: lemmas(f.presenting_particles),
            phrasal_presenting_verbs: lemmas(f.phrasal_presenting_verbs),
            pledge_nouns: lemmas(f.pledge_nouns),
            plan_content_verbs: lemmas(f.plan_content_verbs),
            plan_frames: lemmas(f.plan_frames),
            hearsay_governors: lemmas(f.hearsay_governors),
            pair_words: lemmas(f.pair_words),
            group_nouns: lemmas(f.group_nouns),
            led_bodies: lemmas(f.led_bodies),
            indefinite_determiners: lemmas(f.indefinite_determiners),
            salience_recent_sentences: f.salience_recent_sentences,
            salience_recent_bonus: f.salience_recent_bonus,
            home_state: f.home_state,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    cues: Vec<String>,
    money: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeFile {
    names: Vec<String>,
    relative: Vec<String>,
    units: Vec<String>,
}

/// Currency marks and scale words, as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub prefix: BTreeMap<String, String>,
    pub suffix: BTreeMap<String, String>,
    pub scale: BTreeMap<String, f64>,
}

/// Everything the extractor knows about cue words.
#[derive(Debug)]
pub struct Cues {
    pub stages: PhraseSet<Stage>,
    pub negation: PhraseSet<()>,
    pub negation_window: usize,
    pub speculation: PhraseSet<()>,
    /// Cue endings after which a "be" makes a state to come ("will be paid").
    pub modal_ends: KeySet,
    /// Intent cues that need a commitment verb after them ("will build", not "will play").
    pub gated: PhraseSet<()>,
    /// Gated cues that also need a speech verb in the sentence ("said it would").
    pub reported: PhraseSet<()>,
    pub commitment_verbs: PhraseSet<()>,
    pub verb_modifiers: KeySet,
    pub not_commitment: PhraseSet<()>,
    pub be: KeySet,
    pub indefinite: KeySet,
    pub agent: KeySet,
    pub clause_breaks: KeySet,
    pub speech: KeySet,
    pub speech_inverted: KeySet,
    pub first_person: KeySet,
    pub anaphor: PhraseSet<()>,
    pub naming: PhraseSet<()>,
    pub not_actor: KeySet,
    pub pronoun: KeySet,
    pub determiner: KeySet,
    pub subject_followers: KeySet,
    pub opinion: PhraseSet<()>,
    pub conditional: PhraseSet<()>,
    pub negation_after: PhraseSet<()>,
    pub preposition: KeySet,
    pub relative: KeySet,
    /// Bare firm cues ("sign"), nouns unless right after their subject or a modal.
    pub bare: KeySet,
    pub possessive_pronoun: KeySet,
    /// Anaphors that name an actor when nothing earlier resolves them ("the government").
    pub standalone: PhraseSet<()>,
    /// Nouns that may follow an organisation's name without making it a modifier ("GMB union").
    pub organisation: KeySet,
    /// Forms of a reaction ("backed", "welcomed"): before a definite object ("the move") they
    /// react to what someone else did.
    pub reaction: KeySet,
    pub definite: KeySet,
    /// Forms of hosting ("hosted", "convening"): a commitment only with a `gathering` noun near
    /// them ("hosted leaders", "is convening ministers"), not with a show or feedback.
    pub hosting: KeySet,
    pub gathering: KeySet,
    pub question: KeySet,
    pub question_money: KeySet,
    pub money: Money,
    pub time_names: KeySet,
    pub time_relative: PhraseSet<()>,
    pub time_units: KeySet,
    pub frame: Frame,
}

fn keys(words: Vec<String>) -> KeySet {
    words.iter().map(|w| word_key(w)).collect()
}

impl Cues {
    pub(super) fn parse(file: CueFile) -> Cues {
        let mut stages = PhraseSet::default();
        for (stage, list) in [
            (Stage::Firm, &file.stage.firm),
            (Stage::Intent, &file.stage.intent),
            (Stage::Hedged, &file.stage.hedged),
        ] {
            for cue in list {
                stages.insert(Phrase::parse(cue), stage);
            }
        }
        let g = file.grammar;
        let s = file.stage;
        Cues {
            stages,
            negation: PhraseSet::of(&g.negation),
            negation_window: g.negation_window,
            speculation: PhraseSet::of(&g.speculation),
            modal_ends: keys(s.modal_ends),
            gated: PhraseSet::of(&s.gated),
            reported: PhraseSet::of(&s.reported),
            commitment_verbs: PhraseSet::of(&s.commitment_verbs),
            verb_modifiers: keys(s.verb_modifiers),
            not_commitment: PhraseSet::of(&g.not_commitment),
            be: keys(g.be),
            indefinite: keys(g.indefinite),
            agent: keys(g.agent),
            clause_breaks: keys(g.clause_breaks),
            speech: keys(g.speech),
            speech_inverted: keys(g.speech_inverted),
            first_person: keys(g.first_person),
            anaphor: PhraseSet::of(&g.anaphor),
            naming: PhraseSet::of(&g.naming),
            not_actor: keys(g.not_actor),
            pronoun: keys(g.pronoun),
            determiner: keys(g.determiner),
            subject_followers: keys(g.subject_followers),
            opinion: PhraseSet::of(&g.opinion),
            conditional: PhraseSet::of(&g.conditional),
            negation_after: PhraseSet::of(&g.negation_after),
            preposition: keys(g.preposition),
            relative: keys(g.relative),
            bare: keys(g.bare),
            possessive_pronoun: keys(g.possessive_pronoun),
            standalone: PhraseSet::of(&g.standalone),
            organisation: keys(g.organisation),
            reaction: keys(g.reaction),
            definite: keys(g.definite),
            hosting: keys(g.hosting),
            gathering: keys(g.gathering),
            question: keys(file.question.cues),
            question_money: keys(file.question.money),
            money: file.money,
            time_names: keys(file.time.names),
            time_relative: PhraseSet::of(&file.time.relative),
            time_units: keys(file.time.units),
            frame: Frame::parse(file.frame),
        }
    }
}
