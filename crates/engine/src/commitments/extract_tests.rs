//! One test per extraction rule, on sentences written for the purpose.

use super::extract;
use crate::commitments::{Commitment, Stage};

fn found(body: &str) -> Vec<Commitment> {
    let list = extract("doc", body);
    for c in &list {
        assert!(body.contains(&c.quote), "quote not verbatim: {:?}", c.quote);
    }
    list
}

fn actors(body: &str) -> Vec<(String, Stage)> {
    found(body)
        .into_iter()
        .map(|c| (c.actor, c.stage))
        .collect()
}

fn one(body: &str) -> Commitment {
    let list = found(body);
    assert_eq!(list.len(), 1, "{body}: {list:?}");
    list.into_iter().next().expect("one commitment")
}

/// (actor, stage) of what the whole extractor finds, the parse and the cue reader together.
fn read_both(body: &str) -> Vec<(String, Stage)> {
    crate::commitments::extract("doc", body)
        .into_iter()
        .map(|c| (c.actor, c.stage))
        .collect()
}

#[test]
fn subject_of_a_firm_cue() {
    let c = one("Ruritania unveiled a national minerals reserve in 2024.");
    assert_eq!((c.actor.as_str(), c.stage), ("Ruritania", Stage::Firm));
    assert_eq!(c.date.as_deref(), Some("2024"));
    assert_eq!(
        c.quote,
        "Ruritania unveiled a national minerals reserve in 2024."
    );
}

#[test]
fn passive_agent_is_the_actor() {
    let c = one("The meeting is being hosted by Foreign Secretary Jane Doe at the ministry.");
    assert_eq!((c.actor.as_str(), c.stage), ("Jane Doe", Stage::Firm));
    assert_eq!(
        one("It is a fund launched by the administration of Donald Trump to build mines.").actor,
        "Trump administration"
    );
}

#[test]
fn passive_without_agent_and_descriptions_are_not_commitments() {
    assert!(found("A new fund was launched last year.").is_empty());
    assert!(found("The Forum is a platform established in 2015 to promote trade.").is_empty());
}

#[test]
fn anaphors_resolve_to_the_named_initiative_or_the_previous_actor() {
    let body =
        "Ruritania announced a fund known as Green Start. The initiative aims to plant trees.";
    assert_eq!(actors(body)[1], ("Green Start".to_string(), Stage::Intent));
    let body = "Freedonia signed the accord. It will also build two ports.";
    assert_eq!(actors(body)[1], ("Freedonia".to_string(), Stage::Intent));
    assert_eq!(
        actors("Acme Corp says it will close two plants.")[0].0,
        "Acme Corp"
    );
}

#[test]
fn reported_speech_belongs_to_the_named_entity() {
    let body = "Minister Jane Doe spoke on Monday, saying Ruritania wants to cut tariffs.";
    assert_eq!(actors(body), [("Ruritania".to_string(), Stage::Intent)]);
}

#[test]
fn first_person_quotes_belong_to_the_speaker() {
    assert_eq!(
        actors("\u{201c}We will build ten new plants,\u{201d} said Jane Doe.")[0].0,
        "Jane Doe"
    );
    let body = "\u{201c}This matters,\u{201d} Jane Doe said. \u{201c}Our goal is to double exports.\u{201d}";
    assert_eq!(actors(body), [("Jane Doe".to_string(), Stage::Intent)]);
    assert!(
        found("\u{201c}We will win,\u{201d} fans shouted.").is_empty(),
        "no speaker, no actor"
    );
}

#[test]
fn hedges() {
    assert_eq!(
        actors("Ruritania is exploring a minerals deal.")[0].1,
        Stage::Hedged
    );
    assert_eq!(
        actors("Freedonia expressed strong interest in the scheme.")[0].1,
        Stage::Hedged
    );
    assert_eq!(
        actors("The U.S. administration is reported to be cautious about the plan.")[0],
        ("United States".to_string(), Stage::Hedged)
    );
}

#[test]
fn negation_denies_the_commitment() {
    assert!(found("Ruritania did not commit to the plan.").is_empty());
    assert!(found("Freedonia refused to sign the treaty.").is_empty());
    assert!(found("Ruritania declined to pledge money.").is_empty());
    assert!(found("Ruritania will not join the scheme.").is_empty());
}

#[test]
fn speculation_conditions_opinions_and_questions_are_not_commitments() {
    assert!(found("Ruritania could announce a fund.").is_empty());
    assert!(found("Ruritania is poised to launch a fund.").is_empty());
    assert!(found("Analysts predict Ruritania will cut rates.").is_empty());
    assert!(found("If Ruritania wins, Freedonia will sign the accord.").is_empty());
    assert!(found("Is Ruritania seeking a deal?").is_empty());
}

#[test]
fn schedules_talks_and_agendas_are_not_commitments() {
    assert!(found("Jane Doe was slated to attend the summit.").is_empty());
    assert!(found("Jane Doe held talks with John Roe.").is_empty());
    assert!(found("The Brussels summit is expected to focus on trade.").is_empty());
    assert!(found("The price will be set next week.").is_empty());
}

#[test]
fn two_actors_in_one_sentence() {
    let body =
        "Ruritania maintains a grain reserve, while the European Union recently adopted a plan.";
    assert_eq!(
        actors(body),
        [
            ("Ruritania".to_string(), Stage::Firm),
            ("European Union".to_string(), Stage::Firm)
        ]
    );
}

#[test]
fn amounts_attach_to_the_clause_that_holds_them() {
    let c = one("Ruritania pledged £500m for new schools.");
    assert_eq!(
        c.amount.map(|a| (a.text, a.currency)),
        Some(("£500m".to_string(), "GBP".to_string()))
    );
    let body = "The plan is expected to be financed by $2 billion in bonds and supported by a $10 billion loan from the U.S. Export-Import Bank.";
    let c = one(body);
    assert_eq!(
        (c.actor.as_str(), c.stage),
        ("Export-Import Bank", Stage::Intent)
    );
    assert_eq!(c.amount.map(|a| a.text), Some("$10 billion".to_string()));
}

#[test]
fn aliases_give_canonical_actors() {
    assert_eq!(one("Beijing imposed export controls.").actor, "China");
    assert_eq!(
        one("Washington is hosting a ministerial.").actor,
        "United States"
    );
    assert_eq!(
        one("Secretary of State Marco Rubio announced a plan.").actor,
        "Marco Rubio"
    );
    assert_eq!(one("The EU adopted a new plan.").actor, "European Union");
}

#[test]
fn a_name_that_modifies_a_noun_is_not_the_subject() {
    assert!(found("The US consumer market is set to grow.").is_empty());
}

#[test]
fn will_needs_a_verb_of_undertaking() {
    let c = one("Honda will build a new £200m engine plant in Swindon, creating 500 jobs.");
    assert_eq!((c.actor.as_str(), c.stage), ("Honda", Stage::Intent));
    assert_eq!(c.amount.map(|a| a.text), Some("£200m".to_string()));
    assert_eq!(
        actors("The Football Association will also fund 100 coaching posts.")[0].0,
        "Football Association"
    );
    assert!(found("Wayne Rooney will play for England against Spain on Wednesday.").is_empty());
    assert!(found("Chelsea will face Barcelona in the Champions League.").is_empty());
    assert!(found("The singer will perform at the Brit Awards next month.").is_empty());
    assert!(found("Manchester United striker Wayne Rooney will star in a new advert.").is_empty());
    assert!(found("The new PlayStation will go on sale in Europe in the spring.").is_empty());
    assert!(found("The DVD will include a director's commentary.").is_empty());
    assert!(found("TV viewers will be able to vote by text message.").is_empty());
}

#[test]
fn british_is_to_and_reported_would() {
    let c = one("Japan's Toyota is to invest 500m euros in a new factory in France.");
    assert_eq!((c.actor.as_str(), c.stage), ("Toyota", Stage::Intent));
    assert_eq!(
        c.amount.map(|a| (a.text, a.currency)),
        Some(("500m euros".to_string(), "EUR".to_string()))
    );
    let body = "Rolls-Royce reported a fall in profits. The firm said it would cut 500 jobs at its Derby plant.";
    assert_eq!(actors(body), [("Rolls-Royce".to_string(), Stage::Intent)]);
    assert!(found("Acme Corp would build a plant in a better economy.").is_empty());
    assert!(found("Jane Doe, editor of Acme Weekly, said the row would boost sales.").is_empty());
}

#[test]
fn a_pledge_of_money_is_firm_a_pledge_to_act_is_intent() {
    let c = one("Chancellor Gordon Brown has pledged £500m to tackle child poverty.");
    assert_eq!((c.actor.as_str(), c.stage), ("Gordon Brown", Stage::Firm));
    let c = one("Prime Minister Tony Blair promised to introduce new labour laws by 2006.");
    assert_eq!((c.actor.as_str(), c.stage), ("Tony Blair", Stage::Intent));
    assert_eq!(
        actors("The GMB union has vowed to fight the closure of the plant."),
        [("GMB".to_string(), Stage::Intent)]
    );
}

#[test]
fn companies_and_organisations_as_actors() {
    assert_eq!(
        actors("Sainsbury's wants to raise £1bn by selling property."),
        [("Sainsbury".to_string(), Stage::Intent)]
    );
    assert_eq!(
        one("The Bank of England held interest rates at 4.75% on Thursday.").actor,
        "Bank of England"
    );
    assert_eq!(
        one("The Department of Health has launched a £300m programme.").actor,
        "Department of Health"
    );
    let body = "Oxfam reported record donations. The organisation is exploring a merger.";
    assert_eq!(actors(body), [("Oxfam".to_string(), Stage::Hedged)]);
    assert_eq!(
        one("Kingfisher, which owns B&Q, is considering a bid for Castorama.").actor,
        "Kingfisher"
    );
    assert_eq!(
        one("The phone was launched by Acme's Japanese division.").actor,
        "Acme"
    );
    assert_eq!(
        one("The government will spend £2bn on new hospitals.").actor,
        "government"
    );
}

#[test]
fn british_hedges_and_refusals() {
    assert_eq!(
        actors("Vodafone is in talks to buy its Czech rival for €2bn."),
        [("Vodafone".to_string(), Stage::Hedged)]
    );
    assert_eq!(
        actors("BP is now considering selling its stake in the venture.")[0].1,
        Stage::Hedged
    );
    assert!(found("Ministers refused to publish the report.").is_empty());
    assert!(found("Ruritania failed to agree on the budget.").is_empty());
    assert!(found("The European Commission could fine Acme €500m.").is_empty());
    assert!(found("It is thought Acme wants £6m for the site.").is_empty());
}

#[test]
fn nouns_compounds_and_titles_are_not_cues() {
    assert!(found("The band have publicity-seeking agendas.").is_empty());
    assert!(found("In the US and Australia, sign language services are free.").is_empty());
    assert!(found("Acme has promised stock for its US launch.")
        .iter()
        .all(|c| c.actor == "Acme"));
    assert!(found("Acme wants new stores").is_empty(), "a headline");
    assert!(found("Ruritania held off Freedonia in the final.").is_empty());
    assert!(found("Jane Doe knows what she wants and how to get it.").is_empty());
    assert!(found("The keeper was beaten and the Acme goal fell after the break.").is_empty());
}

proptest::proptest! {
    #[test]
    fn every_quote_is_a_verbatim_substring(body in "([A-Z][a-z]{0,8}|U\\.S\\.|£[0-9]{1,3}m|\\$1\\.2 billion|will|aims to|announced|by|it|we|not|, |\\. |\\? |\n|“|”|’s| ){0,60}") {
        for c in extract("doc", &body) {
            proptest::prop_assert!(body.contains(&c.quote));
            if let Some(a) = &c.amount {
                proptest::prop_assert!(c.quote.contains(&a.text));
            }
        }
    }
}

#[test]
fn reacting_to_something_already_there_is_no_commitment() {
    assert!(found("Analysts at Ruritania Bank welcomed the move.").is_empty());
    assert!(!found("Ruritania welcomed delegations from ten countries.").is_empty());
}

#[test]
fn hosting_commits_only_when_it_gathers_people() {
    assert_eq!(
        actors("Ruritania hosted leaders from five countries at the palace."),
        [("Ruritania".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors("The summit is being hosted by Ruritania in the capital."),
        [("Ruritania".to_string(), Stage::Firm)]
    );
    assert!(
        read_both("Jane Porter, who hosted the Evening Show for 30 years, died on Monday.")
            .is_empty()
    );
    assert!(read_both("Ruritania welcomed feedback from its readers.").is_empty());
}

#[test]
fn a_plural_opening_a_sentence_is_no_name() {
    let found = crate::commitments::extract("doc", "Shoppers will spend £5m on toys this year.");
    assert!(found.iter().all(|c| c.actor != "Shoppers"), "{found:?}");
    let found = crate::commitments::extract(
        "doc",
        "Rivers will build a plant.\n\nThe firm Rivers said on Monday it was growing.",
    );
    assert!(found.iter().any(|c| c.actor == "Rivers"), "{found:?}");
}

#[test]
fn a_comma_between_digits_does_not_end_the_action() {
    let c = one("Unilever plans to cut 2,000 jobs, the company said on Monday.");
    assert_eq!(c.action, "plans to cut 2,000 jobs");
}

#[test]
fn a_hyphenated_name_is_one_actor() {
    assert_eq!(
        actors("T-Mobile has launched a new pocket office device."),
        [("T-Mobile".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors("Rolls-Royce will invest £20m in a new plant in Derby."),
        [("Rolls-Royce".to_string(), Stage::Intent)]
    );
}

#[test]
fn an_opening_adverb_or_participle_is_no_actor() {
    assert!(
        found("Rarely now does an action movie launch without a mobile game tie-in.").is_empty()
    );
    assert_eq!(
        actors(
            "T-Mobile has launched a new device. Reflecting the growing need to be connected \
             outside the office, it also announced it was installing wi-fi on trains."
        ),
        [
            ("T-Mobile".to_string(), Stage::Firm),
            ("T-Mobile".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_firm_named_with_a_title_word_or_an_ampersand_is_whole() {
    assert_eq!(
        actors("General Motors is to cut 1,000 jobs in Europe."),
        [("General Motors".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors("Marks & Spencer has launched a new clothing range."),
        [("Marks & Spencer".to_string(), Stage::Firm)]
    );
}

#[test]
fn a_pronoun_continues_the_subject_of_the_sentence_before() {
    let body = "The Conservatives would cut stamp duty, Michael Howard has said. \
                Mr Howard said a Tory government would also scrap the tax. \
                Chancellor Gordon Brown is expected to unveil his own plans in the Budget. \
                He has promised to raise the threshold to £120,000.";
    let last = found(body).pop().expect("a commitment");
    assert_eq!(last.actor, "Gordon Brown");
    assert!(last.quote.starts_with("He has promised"));
}

#[test]
fn an_infinitive_after_a_plan_verb_is_the_plan() {
    // "to challenge" was read as a preposition and a noun, so nothing governed the plan.
    let found = crate::commitments::extract(
        "doc",
        "Sony is hoping to challenge the dominance of Nintendo in the handheld market.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].actor.as_str(), found[0].stage),
        ("Sony", Stage::Intent)
    );
    assert!(
        found[0].action.starts_with("challenge the dominance"),
        "{found:?}"
    );
}

#[test]
fn a_plan_given_up_is_no_commitment_of_either_reader() {
    // The parse hangs the "to"-clause on "dropped"; the cue reader sees "plans to".
    assert_eq!(read_both("Acme has dropped plans to sell its stake."), []);
}

#[test]
fn what_one_body_says_another_will_do_is_a_claim_not_its_commitment() {
    assert_eq!(
        read_both("Yukos warned that Rosneft will be marketing a stolen product."),
        []
    );
    assert_eq!(read_both("The Tories say Labour will increase taxes."), []);
    // A body speaks for itself, and a person may speak for a body.
    assert_eq!(
        read_both("Yukos said it will sell its stake in Rosneft."),
        [("Yukos".to_string(), Stage::Intent)]
    );
    assert_eq!(
        read_both("Mr Kennedy said the Liberal Democrats would scrap tuition fees."),
        [("Liberal Democrats".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_wrong_committed_or_an_act_denied_is_no_commitment() {
    assert_eq!(
        read_both("Mr Tanzi committed a serious offence, the judge said."),
        []
    );
    assert_eq!(
        read_both("Ozzy Osbourne had to fight the urge to commit suicide."),
        []
    );
    assert_eq!(
        read_both("Parmalat's former boss denied that he committed any crime."),
        []
    );
    assert_eq!(
        read_both("The government has committed £5m to the project."),
        [("government".to_string(), Stage::Firm)]
    );
}

#[test]
fn reluctance_denies_and_wanting_to_know_asks() {
    assert_eq!(
        read_both("But Icann has been reluctant to approve the new domain."),
        []
    );
    assert_eq!(
        read_both("The analyst Bill Thompson wants to know what happened."),
        []
    );
}

#[test]
fn a_wrong_committed_is_none_where_the_parse_misreads_it() {
    // The parse reads "committed" as an adjective here; the cue reader knows the wrong.
    assert_eq!(read_both("Kurt Cobain committed suicide in 1994."), []);
}

#[test]
fn agreeing_with_a_view_is_no_agreement() {
    assert_eq!(
        read_both("Ian Fogg, an analyst at Jupiter Research, agreed that the new computer could be popular."),
        []
    );
    assert_eq!(read_both("Mr Gardner agreed: \"We can do much more.\""), []);
    assert_eq!(
        read_both("Jane Doe, the head of Acme, said she agreed."),
        []
    );
    assert_eq!(
        read_both("Acme and Initech agreed on a price of £2bn."),
        [
            ("Acme".to_string(), Stage::Firm),
            ("Initech".to_string(), Stage::Firm)
        ]
    );
    assert_eq!(
        read_both("Viacom has agreed to the regulator's demands that it pay a fine."),
        [("Viacom".to_string(), Stage::Firm)]
    );
}

#[test]
fn a_tribute_paid_is_no_payment() {
    assert_eq!(
        read_both("Cate Blanchett also paid tribute to the director."),
        []
    );
}

#[test]
fn making_a_difference_is_an_effect_not_an_act() {
    let body = "IBM has unveiled a mouse for people with tremors. James Cosgrave, one of the \
                company's directors, said it would make a big difference to them.";
    let found = crate::commitments::extract("doc", body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].quote.starts_with("IBM has unveiled"));
}

#[test]
fn talks_held_undertake_nothing() {
    assert_eq!(
        read_both("Gordon Brown will hold talks with G7 finance ministers next week."),
        []
    );
    assert_eq!(
        read_both("Gordon Brown will host a summit of G7 finance ministers next week."),
        [("Gordon Brown".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_speech_to_come_is_a_schedule() {
    assert_eq!(
        read_both("Gordon Brown is to make a keynote speech in Leeds on Wednesday."),
        []
    );
    assert_eq!(
        read_both("Gordon Brown will deliver a statement to MPs on Monday."),
        []
    );
}

#[test]
fn rhetoric_to_come_undertakes_nothing() {
    assert_eq!(
        read_both("Charles Kennedy will warn voters against complacency."),
        []
    );
    assert_eq!(
        read_both("Michael Howard will attack Labour's record on crime."),
        []
    );
    assert_eq!(
        read_both("Tony Blair will tell the conference in Brighton about the need for reform."),
        []
    );
    // What is told is read on its own.
    assert_eq!(
        read_both("Tony Blair will tell the conference that Labour will cut waiting lists."),
        [("Labour".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_question_put_or_an_act_still_to_come_undertakes_nothing() {
    for sentence in [
        "Analysts asked when Acme would cut jobs.",
        "It is unclear how much the government will spend on the scheme.",
        "Twentieth Century Fox has yet to announce which format it will support.",
        "Acme is still to decide whether it will bid for the studio.",
        "Who would be taking part was not revealed by Acme.",
    ] {
        assert_eq!(read_both(sentence), [], "{sentence}");
    }
    // A relative clause the parse reads as a clause of its own is no question.
    assert_eq!(
        read_both("Acme, which said it would cut 500 jobs, saw its shares rise."),
        [("Acme".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_speaker_after_the_verb_may_carry_a_title_or_a_description() {
    let body = "\"We will sell the unit,\" Jane Doe said.\n\n\
                \"We don't want people to leave - we want them to open ten new stores,\" \
                explained Mr Guest.\n\n\
                \"We just wanted to record a new album,\" said keyboard player Nick Rhodes.";
    assert_eq!(
        read_both(body),
        [
            ("Jane Doe".to_string(), Stage::Intent),
            ("Guest".to_string(), Stage::Intent),
            ("Nick Rhodes".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_paragraph_of_quotation_naming_no_one_quotes_the_speaker_before() {
    let body = "\"We will scrap council tax,\" Charles Kennedy said.\n\n\
                \"Our plan is simple. We would invest £1bn in free personal care.\"\n\n\
                We would cut class sizes, some say.";
    assert_eq!(
        read_both(body),
        [
            ("Charles Kennedy".to_string(), Stage::Intent),
            ("Charles Kennedy".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_view_of_ones_own_act_is_an_intention() {
    assert_eq!(
        read_both("Acme hopes it will complete the deal by June."),
        [("Acme".to_string(), Stage::Intent)]
    );
    assert_eq!(
        read_both("Analysts expect it will complete the deal by June."),
        []
    );
    assert_eq!(
        read_both("The firms hope that it will also cut the cost of music."),
        []
    );
}

#[test]
fn a_view_or_a_rivals_word_put_after_a_clause_makes_it_no_undertaking() {
    for sentence in [
        "Labour would raise taxes, Michael Howard claimed.",
        "Acme will close the plant, analysts believe.",
        "Labour will hold 300 seats, the poll suggests.",
        "The Tories will cut 235,000 jobs, Labour said.",
    ] {
        assert_eq!(read_both(sentence), [], "{sentence}");
    }
    assert_eq!(
        read_both("Labour will cut taxes, Gordon Brown said."),
        [("Labour".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_speaker_put_after_the_clause_is_who_its_pronoun_stands_for() {
    let body = "Jane Doe owns a plant in Leeds.\n\nIt would cut 500 jobs, Acme said on Monday.";
    assert_eq!(read_both(body), [("Acme".to_string(), Stage::Intent)]);
}

#[test]
fn a_bodys_bosses_chiefs_or_leaders_act_for_it() {
    let intro = "It was a busy week for Acme and the Unison union. ";
    for (sentence, body_run) in [
        ("Acme bosses will cut 500 jobs by March.", "Acme"),
        ("Acme chiefs said they would cut 500 jobs by March.", "Acme"),
        (
            "Unison leaders will hold a strike ballot next month.",
            "Unison",
        ),
    ] {
        assert_eq!(
            read_both(&format!("{intro}{sentence}")),
            [(body_run.to_string(), Stage::Intent)],
            "{sentence}"
        );
    }
}
