use super::*;
use proptest::prelude::*;

/// (actor, stage, action, amount) of each commitment of an article, in order.
fn read(body: &str) -> Vec<(String, Stage, String, Option<String>)> {
    extract("doc", body)
        .into_iter()
        .map(|c| (c.actor, c.stage, c.action, c.amount.map(|a| a.text)))
        .collect()
}

fn actors_and_stages(body: &str) -> Vec<(String, Stage)> {
    read(body).into_iter().map(|(a, s, _, _)| (a, s)).collect()
}

#[test]
fn a_future_modal_in_a_reported_clause_is_the_speakers_intent() {
    assert_eq!(
        actors_and_stages("US phone company Qwest has said it will table a new offer for MCI."),
        [("Qwest".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_to_clause_of_an_intent_verb_is_intent_and_of_a_promise_firm() {
    assert_eq!(
        actors_and_stages("Vodafone plans to build 500 new masts in Scotland."),
        [("Vodafone".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages(
            "Manchester United's board has agreed to give US tycoon Malcolm Glazer access to its books."
        ),
        [("Manchester United".to_string(), Stage::Firm)]
    );
}

#[test]
fn be_going_to_is_the_future_and_went_to_is_motion() {
    assert_eq!(
        actors_and_stages("The retailer Dixons said it was going to stop selling video recorders."),
        [("Dixons".to_string(), Stage::Intent)]
    );
    assert!(read("The retailer Dixons went to court to stop the sale of the shops.").is_empty());
}

#[test]
fn a_name_ending_in_s_that_opens_the_sentence_is_a_name_when_tagged_one() {
    assert_eq!(
        actors_and_stages("Qantas has ordered 12 Airbus jets worth $3bn."),
        [("Qantas".to_string(), Stage::Firm)]
    );
    assert!(read("Shoppers will spend £1bn on presents this month.").is_empty());
}

#[test]
fn being_committed_to_is_firm_and_a_costed_call_a_hedged_proposal() {
    assert_eq!(
        actors_and_stages("Labour is committed to cutting class sizes in primary schools."),
        [("Labour".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Gordon Brown called on rich nations to fund a £5.5bn vaccine plan."),
        [("Gordon Brown".to_string(), Stage::Hedged)]
    );
    assert!(read("Gordon Brown called on rich nations to do more.").is_empty());
    // The sum is a price the call measures against, not one anyone would pay.
    assert!(read(
        "The RNID is urging telecoms regulator, Ofcom, to reduce the cost of the service from the current £7.00 per minute."
    )
    .is_empty());
}

#[test]
fn a_completed_act_of_commitment_is_firm() {
    assert_eq!(
        actors_and_stages("Ruritania signed a trade agreement with Freedonia on Monday."),
        [("Ruritania".to_string(), Stage::Firm)]
    );
    // Verbs ending in "-le" that the treebank never shows in the past ("tabled", "doubled").
    assert_eq!(
        actors_and_stages("Acme Holdings tabled a motion at the annual meeting."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Acme Holdings doubled its dividend on Monday."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
}

#[test]
fn an_act_with_no_object_that_says_what_happened_to_its_subject_is_no_commitment() {
    assert!(read("Hostage opened at number four at the US box office.").is_empty());
    assert!(read("Acme Holdings has increased by 5% this year.").is_empty());
    assert_eq!(
        actors_and_stages("Acme Holdings has opened a new store in Leeds."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
}

#[test]
fn goods_sold_by_the_count_are_a_sales_tally_not_a_deal() {
    assert!(read("Acme Holdings has sold more than 800,000 units in Japan.").is_empty());
    assert!(read("All 10,000 tickets for the concert sold out in 36 hours.").is_empty());
    assert_eq!(
        actors_and_stages("Acme Holdings has sold its stake in the chain."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Acme Holdings has sold 40 stores to Tesco for £2bn."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
}

#[test]
fn us_in_capitals_is_the_state_and_a_us_firm_is_the_firm() {
    assert_eq!(
        actors_and_stages("The US aims to reduce its dependency on China."),
        [("United States".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages("The U.S. is seeking to diversify its supply chains."),
        [("United States".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages(
            "Video game giant Electronic Arts is growing fast. The US firm will open a studio in Montreal."
        ),
        [("Electronic Arts".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_state_named_before_a_body_is_not_what_a_later_it_stands_for() {
    assert_eq!(
        actors_and_stages(
            "Acme Holdings, the UK retailer, reported profits on Monday. It said it planned to create 300 jobs."
        ),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn working_to_act_is_intent() {
    assert_eq!(
        actors_and_stages("Acme Holdings is working to cut the cost of its calls."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn what_analysts_say_a_firm_will_do_is_their_forecast() {
    assert!(read("Analysts say that Acme Holdings will cut 500 jobs.").is_empty());
    assert!(read("Economist Jane Hill said Acme Holdings would close two plants.").is_empty());
    assert_eq!(
        actors_and_stages("Acme Holdings said that it will cut 500 jobs."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn it_after_a_plan_presented_details_the_plan() {
    assert_eq!(
        actors_and_stages(
            "Gordon Brown set out a 10-year childcare strategy on Monday. It includes a £285m cash injection to extend paid maternity leave."
        ),
        [
            ("Gordon Brown".to_string(), Stage::Firm),
            ("Gordon Brown".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_bodys_sources_speak_for_it() {
    assert_eq!(
        actors_and_stages(
            "BT sources told the BBC they had reached a settlement with the regulator."
        ),
        [("BT".to_string(), Stage::Firm)]
    );
}

#[test]
fn being_in_talks_to_act_is_hedged() {
    assert_eq!(
        actors_and_stages("Acme Holdings is in talks to buy Beta Foods."),
        [("Acme Holdings".to_string(), Stage::Hedged)]
    );
}

#[test]
fn a_passive_agent_undertakes_a_decision_not_a_task() {
    assert!(read("The film will be produced by Columbia Pictures.").is_empty());
    assert!(read("The software has been created by Acme Labs.").is_empty());
    assert_eq!(
        actors_and_stages("The new stadium will be funded by Acme Holdings."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn meeting_ones_own_rules_is_an_undertaking() {
    assert_eq!(
        actors_and_stages("Gordon Brown said he was set to meet his two fiscal rules."),
        [("Gordon Brown".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_firm_cue_alone_commits_only_an_actor_the_lexicon_lists() {
    let firm = |body: &str| {
        crate::commitments::extract("doc", body)
            .into_iter()
            .map(|c| (c.actor, c.stage))
            .collect::<Vec<_>>()
    };
    assert!(firm("The Academy was set up in 1927 as a non-profit organisation.").is_empty());
    assert_eq!(
        firm("Japan reinforced its rare earth stockpiling system in 2020."),
        [("Japan".to_string(), Stage::Firm)]
    );
}

#[test]
fn a_relative_pronoun_is_the_subject_of_the_act_after_it() {
    assert_eq!(
        actors_and_stages(
            "An alternative blueprint had been put forward by Labour MP Eric Joyce, who proposed going ahead with the merger."
        ),
        [("Labour MP Eric Joyce".to_string(), Stage::Hedged)]
    );
}

#[test]
fn a_main_clause_parsed_as_a_relative_clause_of_a_verbless_sentence_is_read() {
    assert_eq!(
        actors_and_stages(
            "Media giant Viacom has paid out $3.5m (£1.8m) to end investigations into indecency in its US radio and TV shows."
        ),
        [("Viacom".to_string(), Stage::Firm)]
    );
}

#[test]
fn speculation_and_habit_are_no_commitment() {
    assert!(read("Acme Holdings could sell its stake in the chain.").is_empty());
    assert!(read("In China they spend $17 per child on textbooks.").is_empty());
}

#[test]
fn what_someone_will_receive_is_no_undertaking_of_theirs() {
    assert!(read("Director Sam Mendes will receive a lifetime achievement award.").is_empty());
}

#[test]
fn what_sources_say_a_body_is_doing_is_its_act_at_most_hedged() {
    assert_eq!(
        actors_and_stages("Vodafone is believed to be considering a bid for the German operator."),
        [("Vodafone".to_string(), Stage::Hedged)]
    );
    assert_eq!(
        actors_and_stages("Ruritania Telecom is understood to be planning to sell its stake."),
        [("Ruritania Telecom".to_string(), Stage::Intent)]
    );
    assert!(read("It was thought to be like skateboarding.").is_empty());
}

#[test]
fn weighing_an_option_is_hedged() {
    assert_eq!(
        actors_and_stages("Acme Holdings is considering a bid for the rival chain."),
        [("Acme Holdings".to_string(), Stage::Hedged)]
    );
}

#[test]
fn negated_and_refused_commitments_are_excluded() {
    assert!(read("Acme Holdings did not sign the agreement.").is_empty());
    assert!(read("Acme Holdings refused to sign the agreement.").is_empty());
    assert!(read("Acme Holdings will not build the plant.").is_empty());
}

#[test]
fn a_forecast_whose_subject_is_no_agent_is_no_commitment() {
    assert!(read("The economy will grow by 3% next year, analysts said.").is_empty());
}

#[test]
fn a_pronoun_subject_is_the_last_named_actor_of_its_kind() {
    let body = "Shares in Vodafone rose on Tuesday. It will invest £2bn in new masts.";
    let found = read(body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "Vodafone");
    assert_eq!(found[0].1, Stage::Intent);
}

#[test]
fn he_is_the_person_named_not_the_company() {
    let body = "Chancellor Gordon Brown spoke to the Confederation of British Industry. \
                He also pledged an extra £105m for security.";
    let found = read(body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "Gordon Brown");
    assert_eq!(found[0].1, Stage::Firm);
}

#[test]
fn first_person_in_a_quote_is_the_speaker() {
    let body = "\"We will build a new plant in Wales,\" said Honda chief executive Takeo Fukui.";
    let found = actors_and_stages(body);
    assert_eq!(found, [("Takeo Fukui".to_string(), Stage::Intent)]);
}

#[test]
fn a_pronoun_speaker_is_the_person_the_story_was_about_or_the_one_the_paragraph_named() {
    let body = "Tory leader Michael Howard spoke in Dover on Monday.\n\n\
                \"We will cut council tax for pensioners,\" he said.";
    assert_eq!(
        actors_and_stages(body),
        [("Michael Howard".to_string(), Stage::Intent)]
    );
    // The pronoun ends the quote: its first sentence is the same person's.
    let body = "Tory leader Michael Howard spoke in Dover on Monday.\n\n\
                \"We will cut council tax for pensioners. We will also scrap the levy,\" he said.";
    assert_eq!(
        actors_and_stages(body),
        [
            ("Michael Howard".to_string(), Stage::Intent),
            ("Michael Howard".to_string(), Stage::Intent)
        ]
    );
    let body = "Singer Bruce Springsteen spoke first.\n\n\
                \"We are a tribute band,\" said Chrissie Hynde. \
                \"We will record a new album,\" she said.";
    assert_eq!(
        actors_and_stages(body),
        [("Chrissie Hynde".to_string(), Stage::Intent)]
    );
}

#[test]
fn what_a_promise_says_is_the_promisers_one_commitment() {
    let body = "Tory leader Michael Howard spoke in Dover.\n\n\
                Mr Howard promised that a Conservative government would cut taxes by £4bn.";
    assert_eq!(
        actors_and_stages(body),
        [("Michael Howard".to_string(), Stage::Firm)]
    );
}

#[test]
fn the_party_a_spokesman_speaks_of_is_the_one_he_speaks_for() {
    let body = "Tory leader Michael Howard spoke in Dover.\n\n\
                A Labour spokesman said the party would publish its manifesto next week.";
    assert_eq!(
        actors_and_stages(body),
        [("Labour".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_speech_verb_joined_to_an_act_shares_its_subject_and_an_ampersand_names_a_firm() {
    let body = "Zenith Holdings made an offer on Monday.\n\n\
                Marks & Spencer has rejected a £9bn bid from retail tycoon Philip Green and \
                said it would buy back £2.3bn of shares instead.";
    let actors: Vec<String> = read(body).into_iter().map(|(a, _, _, _)| a).collect();
    assert_eq!(actors, ["Zenith Holdings", "Marks & Spencer"]);
}

#[test]
fn a_body_that_plans_is_the_subject_even_when_the_parse_reads_plans_as_a_noun() {
    let body = "Mittal Steel has agreed a deal to buy ISG.\n\n\
                The combined company plans to cut costs by $1bn a year.";
    assert_eq!(
        actors_and_stages(body),
        [
            ("Mittal Steel".to_string(), Stage::Firm),
            ("Mittal Steel".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_spokespersons_they_is_the_body_they_speak_for() {
    let body = "The government is to introduce a bill on identity cards.\n\n\
                But Liberal Democrat spokesman Mark Oaten said they would oppose it.";
    let found = actors_and_stages(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1], ("Liberal Democrat".to_string(), Stage::Intent));
}

#[test]
fn list_items_under_x_has_belong_to_x() {
    let body = "In his budget Mr Brown has:\n\n- raised the stamp duty threshold to £120,000\n\
                - frozen petrol duty\n\nThe opposition was unimpressed.";
    let found = read(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found
        .iter()
        .all(|(actor, stage, _, _)| actor == "Brown" && *stage == Stage::Firm));
    assert_eq!(found[0].3.as_deref(), Some("£120,000"));
}

#[test]
fn list_items_under_an_act_belong_to_its_subject() {
    let body = "In his Budget, Gordon Brown announced:\n\n- a £2bn fund for schools\n\
                - a freeze on fuel duty";
    assert_eq!(
        actors_and_stages(body),
        [
            ("Gordon Brown".to_string(), Stage::Firm),
            ("Gordon Brown".to_string(), Stage::Firm)
        ]
    );
}

#[test]
fn list_items_under_a_name_with_no_verb_say_how_firm_they_are() {
    let body = "Michael Howard spoke in Leeds.\n\nIn his speech Mr Howard also:\n\n\
                - pledged to hold a referendum on the EU constitution\n\
                - said a Tory government would double the number of prison places\n\
                - attacked Labour's record on crime";
    assert_eq!(
        actors_and_stages(body),
        [
            ("Michael Howard".to_string(), Stage::Firm),
            ("Michael Howard".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn the_amount_is_the_money_of_the_predicates_clause_only() {
    let body = "Despite a £3bn loss last year, Acme Holdings will invest £500m in new stores.";
    let found = read(body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].3.as_deref(), Some("£500m"));
    let none = read("Acme Holdings, which lost £3bn last year, will open new stores.");
    assert_eq!(none.len(), 1, "{none:?}");
    assert_eq!(none[0].3, None);
}

#[test]
fn the_action_is_the_predicates_clause_and_never_ends_in_a_preposition() {
    let found = read("Ofcom will publish new rules for the broadband market in April.");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].2,
        "will publish new rules for the broadband market in April"
    );
    let cut = action(
        "Acme will sell its stake to",
        &Grammar::english().parse("Acme will sell its stake to"),
        2,
    );
    assert_eq!(cut, "will sell its stake");
}

#[test]
fn headlines_and_questions_state_no_commitment() {
    assert!(read("Acme Holdings will build a plant").is_empty());
    assert!(read("Will Acme Holdings build a plant?").is_empty());
}

#[test]
fn a_sentence_whose_predicate_precedes_its_opening_gerund_is_read_without_panicking() {
    // Found by the property test below: the parse may hang the opening gerund on an earlier
    // word, and the gerund rule read the words between them backwards.
    let found = extract("doc", ", considering has said said we Acme agreed Acme \"");
    assert!(found.iter().all(|c| !c.actor.is_empty()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn extraction_never_panics_on_any_text(body in "\\PC{0,200}") {
        let _ = extract("doc", &body);
    }

    #[test]
    fn extraction_never_panics_on_sentences_of_frame_words(
        words in proptest::collection::vec(
            prop_oneof![
                Just("Acme"), Just("it"), Just("he"), Just("we"), Just("who"), Just("the"),
                Just("company"), Just("will"), Just("would"), Just("not"), Just("to"), Just("has"),
                Just("said"), Just("plans"), Just("agreed"), Just("signed"), Just("£5m"), Just(","),
                Just("\""), Just(":"), Just("-"), Just("and"), Just("by"), Just("that"), Just("."),
                Just("\n"), Just("is"), Just("considering"), Just("Mr"), Just("Brown"),
                Just("which"), Just("how"), Just("when"), Just("whether"), Just("yet"),
                Just("hopes"), Just("party"), Just("for"), Just("Department"),
            ],
            0..40,
        )
    ) {
        let _ = extract("doc", &words.join(" "));
    }
}

#[test]
fn a_proper_noun_chunk_is_one_name_up_to_its_head() {
    let actors: Vec<String> =
        actors_and_stages("Air China plans to raise $1bn from the flotation.")
            .into_iter()
            .map(|(a, _)| a)
            .collect();
    assert_eq!(actors, ["Air China"]);
}

#[test]
fn backing_something_already_there_is_a_reaction_unless_a_deciding_body_backs_it() {
    assert!(read("Consumer group Which backed the proposals on Tuesday.").is_empty());
    assert!(read("Mr Smith's claim has been backed by Jane Doe.").is_empty());
    assert_eq!(
        actors_and_stages("Shares in Acme Holdings rose. The board has backed the merger."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
}

#[test]
fn an_aspect_verb_commits_only_to_an_act_of_commitment() {
    assert!(read("Jane Doe then began selling newspapers in Leeds.").is_empty());
    assert_eq!(
        actors_and_stages("Jane Doe will continue to use the same suppliers."),
        [("Jane Doe".to_string(), Stage::Intent)]
    );
}

#[test]
fn spending_time_and_discussing_commit_to_nothing() {
    assert!(read("Acme Holdings has spent three years testing the engine.").is_empty());
    assert!(read("The Acme Holdings board will discuss the offer on Friday.").is_empty());
}

#[test]
fn a_sentence_whose_predicate_the_parse_denies_is_not_claimed_by_the_cue_reading() {
    let body =
        "Jane Doe is an economist at Ruritania Bank.\n\n\"The worst outcome could be that it \
                will create a black market in currency,\" she says.";
    assert!(crate::commitments::extract("doc", body).is_empty());
}

#[test]
fn an_aside_between_dashes_does_not_hide_the_subject() {
    assert_eq!(
        actors_and_stages(
            "Jane Doe - the largest investor in Acme Holdings - said she would sell her shares."
        ),
        [("Jane Doe".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages(
            "Fans' group Supporters United - which has run a long campaign against the sale - \
             said it would fight any move."
        ),
        [("Supporters United".to_string(), Stage::Intent)]
    );
}

#[test]
fn what_a_goal_is_said_to_be_is_the_owners_or_the_speakers_intent() {
    assert_eq!(
        actors_and_stages("Jane Doe said the aim was to open ten new clinics."),
        [("Jane Doe".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages("\"Our goal is to double exports by 2010,\" said Jane Doe."),
        [("Jane Doe".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_lower_case_word_tagged_as_a_name_is_read_as_a_noun() {
    let body = "Growth in Japan is slowing. \
                \"The focus will be on job creation,\" the ministry said.";
    assert_eq!(
        actors_and_stages(body),
        [("Japan".to_string(), Stage::Intent)]
    );
}

#[test]
fn wanting_a_thing_is_an_intent() {
    assert_eq!(
        actors_and_stages("Acme Holdings wants lighter regulation of the market."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
    assert!(read("Acme Holdings does not want a price war.").is_empty());
}

#[test]
fn advice_is_no_undertaking_even_when_it_quotes_an_intent() {
    assert!(read("Ruritania should explain how it plans to pay for the new roads.").is_empty());
    let body = "Ruritania has a deficit.\n\n\
                The ministry should make clear how it intends to cut the deficit.";
    assert!(crate::commitments::extract("doc", body).is_empty());
}

#[test]
fn an_opening_gerund_is_a_hypothetical_event_not_its_objects_undertaking() {
    assert!(read("Buying Acme Holdings would give the winner a large new market.").is_empty());
}

#[test]
fn an_effect_claimed_is_no_undertaking() {
    let body = "Acme Holdings announced price cuts on Monday. \
                Jane Doe, an analyst, said it would make the market more competitive.";
    let found = read(body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.starts_with("announced"), "{found:?}");
}

#[test]
fn money_to_be_spent_with_no_spender_named_is_the_article_protagonists() {
    let body = "Acme Holdings has announced a new training scheme for its staff. \
                A further £20m will be spent on the scheme.";
    let found = read(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[1].0.as_str(), found[1].1, found[1].3.as_deref()),
        ("Acme Holdings", Stage::Intent, Some("£20m"))
    );
    assert!(read("A further £20m will be spent on the scheme.").is_empty());
    // What a sale would raise is reckoned, not set aside.
    let body = "Acme Holdings has announced a new charity record. \
                If the track sold 500,000 copies, more than £1m would be raised for charity.";
    assert_eq!(read(body).len(), 1, "{:?}", read(body));
    // A condition about who acts makes a conditional pledge (guideline a).
    let body = "Acme Holdings has announced a new charity record. \
                More than £1m would be raised for charity if Acme Holdings sold the track.";
    assert_eq!(read(body).len(), 2, "{:?}", read(body));
}

#[test]
fn a_relative_clause_states_what_its_antecedent_did() {
    let found = actors_and_stages(
        "Fans blamed Acme Holdings, which has promised a new stadium, for the delay.",
    );
    assert_eq!(found, [("Acme Holdings".to_string(), Stage::Firm)]);
}

#[test]
fn a_past_act_in_a_clause_of_time_happened() {
    let found =
        actors_and_stages("When ministers announced the closures, the unions called a strike.");
    assert_eq!(found, [("ministers".to_string(), Stage::Firm)]);
    assert!(read("If ministers announce the closures, the unions will strike.").is_empty());
}

#[test]
fn a_past_act_joined_to_a_past_verb_is_firm() {
    let body = "Jane Doe sued the council in 2001 and settled for £30,000 last year.";
    let found = read(body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].3.as_deref()),
        ("Jane Doe", Stage::Firm, Some("£30,000"))
    );
}

#[test]
fn an_act_done_by_doing_it_is_the_main_subjects() {
    let found = actors_and_stages("Acme Holdings angered its unions by closing two plants.");
    assert_eq!(found, [("Acme Holdings".to_string(), Stage::Firm)]);
}

#[test]
fn the_club_is_the_name_the_article_described_as_a_club() {
    let body = "Shares in football club Freedonia Rovers fell on Monday. \
                Freedonia Rovers owes money to Acme Bank. \
                \"It is a difficult time,\" said Acme Bank analyst Jane Doe. \
                The club appointed a new auditor.";
    let found = actors_and_stages(body);
    assert_eq!(found, [("Freedonia Rovers".to_string(), Stage::Firm)]);
}

#[test]
fn the_owner_of_a_plan_named_with_by_or_as_a_passive_subject_commits() {
    let found =
        actors_and_stages("Central to the deal are plans by Acme Holdings to build a new plant.");
    assert_eq!(found, [("Acme Holdings".to_string(), Stage::Intent)]);
    let found =
        actors_and_stages("Shares in Acme rose. Acme's offer is made up of cash and shares.");
    assert_eq!(found, [("Acme".to_string(), Stage::Hedged)]);
}

#[test]
fn a_name_chunk_starts_with_its_first_capitalised_word() {
    let actors: Vec<String> =
        actors_and_stages("UK Athletics has agreed a new kit deal with a sportswear maker.")
            .into_iter()
            .map(|(a, _)| a)
            .collect();
    assert_eq!(actors, ["UK Athletics"]);
    let actors: Vec<String> = actors_and_stages("On 10 January Acme launched its service.")
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert_eq!(actors, ["Acme"]);
}

#[test]
fn a_preposition_opening_a_sentence_is_no_actor() {
    let body = "Within a week of his release in 1992, John Doe was flown to London.\n\n\
                He was given a new passport, and he says, promised that he would be given a house.";
    let found = crate::commitments::extract("doc", body);
    assert!(found.iter().all(|c| c.actor != "Within"), "{found:?}");
    assert!(!crate::commitments::plausible_actor("Within"));
    assert!(!crate::commitments::plausible_actor("British"));
    assert!(crate::commitments::plausible_actor("Acme Holdings"));
}

#[test]
fn only_a_speech_act_with_a_clause_is_a_report_read_on_its_own() {
    let found = actors_and_stages(
        "Jane Doe has rejected a \"blanket policy\" of closing schools until the Council has considered its cost.",
    );
    assert_eq!(found, [("Jane Doe".to_string(), Stage::Firm)]);
}

#[test]
fn subjects_joined_by_and_are_two_actors() {
    let found = actors_and_stages("Acme Holdings and Freedonia Telecom will build a new network.");
    assert_eq!(
        found,
        [
            ("Acme Holdings".to_string(), Stage::Intent),
            ("Freedonia Telecom".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn looking_at_an_option_weighs_it() {
    assert_eq!(
        actors_and_stages("Acme Holdings will look at a merger with a rival chain."),
        [("Acme Holdings".to_string(), Stage::Hedged)]
    );
    assert!(read("Acme Holdings will look for a new sponsor.").is_empty());
}

#[test]
fn a_nationality_adjective_alone_is_no_actor() {
    let body = "Jane Doe sued the British authorities in 2001.\n\n\
                Officials told reporters they had reached a settlement with her.";
    let found = crate::commitments::extract("doc", body);
    assert!(found.iter().all(|c| c.actor != "British"), "{found:?}");
}

#[test]
fn a_clause_under_an_adjective_of_view_is_a_forecast() {
    let found = crate::commitments::extract(
        "doc",
        "Analysts said it was likely that Acme Holdings would sell its bus arm.",
    );
    assert!(found.is_empty(), "{found:?}");
    let found = crate::commitments::extract(
        "doc",
        "Acme Holdings is confident it will cut costs by £5m.",
    );
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(
        actors_and_stages("Acme Holdings said it will cut costs by £5m."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn it_stands_for_a_speaker_introduced_as_a_body() {
    let body = "Northline Holdings bought a stake in the lake last week.\n\n\
                The campaign group Clean Rivers said it would fight any move to sell the lake.";
    let fights: Vec<String> = read(body)
        .into_iter()
        .filter(|(_, _, action, _)| action.contains("fight"))
        .map(|(a, _, _, _)| a)
        .collect();
    assert_eq!(fights, ["Clean Rivers"]);
}

#[test]
fn a_leaders_party_is_reported_through_the_leader() {
    let body = "Jane Carter spoke to voters in Leeds on Monday.\n\n\
                Ms Carter said her party would cut business rates.";
    assert_eq!(
        actors_and_stages(body),
        [("Jane Carter".to_string(), Stage::Intent)]
    );
    let body = "Labour has attacked the plans.\n\n\
                Lib Dem leader Charles Kennedy spoke in Leeds.\n\n\
                Mr Kennedy added that the party would pay for the plans by raising taxes.";
    assert_eq!(
        actors_and_stages(body),
        [("Charles Kennedy".to_string(), Stage::Intent)]
    );
}

#[test]
fn both_company_boards_are_the_two_bodies_named() {
    let body = "Harbour Group has held talks with Acme Holdings.\n\n\
                Harbour Group agreed a merger with Northline Holdings on Monday.\n\n\
                Both company boards have backed the merger.";
    let found = read(body);
    let last: Vec<&str> = found
        .iter()
        .filter(|(_, _, action, _)| action.contains("backed"))
        .map(|(a, _, _, _)| a.as_str())
        .collect();
    assert_eq!(last.len(), 2, "{found:?}");
    assert!(last.contains(&"Harbour Group") && last.contains(&"Northline Holdings"));
}

#[test]
fn an_unowned_plans_contents_belong_to_who_committed_last() {
    let body = "Dover Council unveiled its transport plans on Monday.\n\n\
                The proposals include closing two bus stations and building a tram line.";
    assert_eq!(
        actors_and_stages(body),
        [
            ("Dover Council".to_string(), Stage::Firm),
            ("Dover Council".to_string(), Stage::Hedged)
        ]
    );
    assert!(read("The proposals include closing two bus stations.").is_empty());
    let body = "Dover Council unveiled its transport plans on Monday.\n\n\
                The package also includes £5m for a tram line.";
    assert_eq!(
        read(body)[1..],
        [(
            "Dover Council".to_string(),
            Stage::Intent,
            "also includes £5m for a tram line".to_string(),
            Some("£5m".to_string())
        )]
    );
    let body = "Home Secretary David Blunkett has unveiled plans for identity cards.\n\n\
                The proposals would see fines of up to £2,500 for people who fail to register.\n\n\
                The scheme will be piloted in 10 areas next year.\n\n\
                The scheme was criticised by Labour MPs.";
    assert_eq!(
        actors_and_stages(body),
        [
            ("David Blunkett".to_string(), Stage::Firm),
            ("David Blunkett".to_string(), Stage::Hedged),
            ("David Blunkett".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_plan_states_its_contents_with_a_modal_and_frames_a_clause_set_under_it() {
    let body = "Chancellor Gordon Brown has unveiled plans to help first-time buyers.\n\n\
                The plans would abolish stamp duty on homes worth less than £120,000.\n\n\
                Under the plans, families with children will also receive an extra £300 a year.\n\n\
                The plans would cost £1bn a year.";
    let found = read(body);
    let actors: Vec<&str> = found.iter().map(|(a, _, _, _)| a.as_str()).collect();
    assert_eq!(actors, ["Gordon Brown"; 3], "{found:?}");
    assert_eq!(found[1].1, Stage::Intent);
    assert!(found[2].2.contains("receive an extra £300"), "{found:?}");
    assert!(read("Under the plans, families will receive £300 a year.").is_empty());
    assert_eq!(
        actors_and_stages("Under Labour's proposals, first-time buyers would get a £5,000 grant."),
        [("Labour".to_string(), Stage::Hedged)]
    );
    let body = "The Liberal Democrats have unveiled their election manifesto.\n\n\
                The manifesto also pledges to cut class sizes.";
    let found = read(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[1].0 == "Liberal Democrats" && found[1].2.contains("cut class sizes"));
}

#[test]
fn an_office_stands_for_the_person_named_with_it_and_never_for_another_office_holder() {
    let body = "Chancellor Gordon Brown met union leaders on Monday.\n\n\
                Prime Minister Tony Blair spoke in Leeds.\n\n\
                The chancellor will unveil £2bn of tax cuts in the Budget.";
    assert_eq!(
        actors_and_stages(body),
        [("Gordon Brown".to_string(), Stage::Intent)]
    );
    let body = "Prime Minister Tony Blair spoke in Leeds.\n\n\
                The chancellor will unveil £2bn of tax cuts in the Budget.";
    assert!(read(body).is_empty(), "{:?}", read(body));
}

#[test]
fn a_light_verb_takes_the_stage_of_its_noun() {
    assert_eq!(
        actors_and_stages("Acme Holdings made an offer for the rival chain."),
        [("Acme Holdings".to_string(), Stage::Hedged)]
    );
    assert_eq!(
        actors_and_stages("Acme Holdings is making a set of proposals for the network."),
        [("Acme Holdings".to_string(), Stage::Hedged)]
    );
    assert!(read("Acme Holdings made a profit of £5m.").is_empty());
    assert_eq!(
        actors_and_stages(
            "The Ruritanian government has given an undertaking to keep the crown stable."
        ),
        [("Ruritanian government".to_string(), Stage::Firm)]
    );
    assert!(read("Acme Holdings gave the new shop a boost.").is_empty());
    assert_eq!(
        actors_and_stages("The Acme Holdings board gave its approval to the merger."),
        [("Acme Holdings".to_string(), Stage::Firm)]
    );
}

#[test]
fn a_verb_of_opinion_with_a_clause_states_a_view() {
    assert!(read("Acme Research suggested that broadband was challenging television.").is_empty());
    assert_eq!(
        actors_and_stages("Acme Holdings suggested a merger with the rival chain."),
        [("Acme Holdings".to_string(), Stage::Hedged)]
    );
}

#[test]
fn a_conditional_perfect_is_no_undertaking() {
    let found = crate::commitments::extract(
        "doc",
        "Acme Holdings would have cut prices in a better year.",
    );
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(
        actors_and_stages("Acme Holdings said it would cut prices next year."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_schedule_of_who_attends_is_no_commitment() {
    assert!(read("Jane Doe will attend the summit in Paris next week.").is_empty());
    assert!(read("Acme Holdings will miss the trade fair in Paris.").is_empty());
    assert_eq!(
        actors_and_stages("Acme Holdings will open a store in Paris next week."),
        [("Acme Holdings".to_string(), Stage::Intent)]
    );
}

#[test]
fn an_indefinite_or_bare_plural_body_refers_back_to_no_one() {
    let body = "Northline Holdings opened a depot in May.\n\n\
                Another company will build a depot in Leeds.\n\n\
                Mobile operators will cut their prices.\n\n\
                The company will build a depot in York.";
    assert_eq!(
        actors_and_stages(body),
        [
            ("Northline Holdings".to_string(), Stage::Firm),
            ("Northline Holdings".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_title_or_a_descriptor_split_off_a_named_subject_is_part_of_the_name() {
    assert_eq!(
        actors_and_stages("Health Secretary Jane Doyle has announced £40m for rural buses."),
        [("Jane Doyle".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("The union Unison said it would oppose the closures."),
        [("Unison".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages("Swiss drugmaker Novag has struck a deal to buy a rival for $90m."),
        [("Novag".to_string(), Stage::Firm)]
    );
}

#[test]
fn a_spokesman_speaks_for_the_body_and_the_body_keeps_its_whole_name() {
    assert_eq!(
        actors_and_stages(
            "The Ministry of Transport has written to bus operators. \
             A spokesman for the ministry said it would publish new rules in May."
        ),
        [("Ministry of Transport".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages(
            "The Department of Energy said it had agreed a new contract with the supplier."
        ),
        [("Department of Energy".to_string(), Stage::Firm)]
    );
}

#[test]
fn planning_a_thing_is_intent_but_a_past_plan_narrates() {
    assert_eq!(
        actors_and_stages(
            "Kestrel Group reported higher sales on Tuesday. The company is planning a share buyback."
        ),
        [("Kestrel Group".to_string(), Stage::Intent)]
    );
    assert!(read("Jane Doyle planned a holiday in Spain last year.").is_empty());
}

#[test]
fn an_offer_with_a_price_is_a_hedged_bid_and_without_one_a_figure_of_speech() {
    assert_eq!(
        read("Kestrel Group has offered £2.50 a share for Mallow."),
        [(
            "Kestrel Group".to_string(),
            Stage::Hedged,
            "has offered £2.50 a share for Mallow".to_string(),
            Some("£2.50".to_string())
        )]
    );
    assert!(read("Jane Doyle said the minister has offered the politics of hope.").is_empty());
}

#[test]
fn a_decision_in_the_past_passive_is_its_agents_but_work_done_is_not() {
    assert_eq!(
        actors_and_stages("The sale was approved by Kestrel Group on Monday."),
        [("Kestrel Group".to_string(), Stage::Firm)]
    );
    assert!(read("The survey was carried out by Kestrel Research.").is_empty());
}

#[test]
fn a_government_yet_to_be_formed_is_its_partys() {
    assert_eq!(
        actors_and_stages("Mr Jones said a Green government would ban private jets."),
        [("Green".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_bodys_plan_states_its_commitment_but_a_plan_attacked_by_others_does_not() {
    assert_eq!(
        actors_and_stages(
            "The Greens have unveiled a new manifesto. \
             The party's plans include scrapping road tolls."
        ),
        [
            ("Greens".to_string(), Stage::Firm),
            ("Greens".to_string(), Stage::Intent)
        ]
    );
    assert!(read("Mr Jones's proposals were attacked by the Greens.").is_empty());
}

#[test]
fn a_name_with_an_office_is_a_persons_and_it_is_not_them() {
    assert_eq!(
        actors_and_stages(
            "Ruritania has a new schools plan. \
             Education Secretary Anna Lind announced the reforms on Tuesday. \
             It has promised to cut class sizes."
        ),
        [
            ("Education Secretary Anna Lind".to_string(), Stage::Firm),
            ("Ruritania".to_string(), Stage::Firm)
        ]
    );
}

#[test]
fn the_government_of_the_home_state_is_the_government() {
    assert_eq!(
        actors_and_stages(
            "Britain has too few nurses. The government will recruit 5,000 more next year."
        ),
        [("government".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages(
            "Japan has too few nurses. The government will recruit 5,000 more next year."
        ),
        [("Japan".to_string(), Stage::Intent)]
    );
}

#[test]
fn plural_bodies_that_decide_are_actors_of_their_own() {
    assert_eq!(
        actors_and_stages("Shareholders approved the merger on Tuesday."),
        [("shareholders".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Peers have backed the bill."),
        [("peers".to_string(), Stage::Firm)]
    );
}

#[test]
fn present_be_to_reports_a_planned_act() {
    assert_eq!(
        actors_and_stages("Google is to scan five famous libraries."),
        [("Google".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages("Ministers are to unveil plans to cut red tape."),
        [("ministers".to_string(), Stage::Intent)]
    );
    assert!(read("The BBC is to blame for the row, Mr Smith said.").is_empty());
    assert!(read("What Sony is to do next is unclear.").is_empty());
    assert!(read("If the BBC is to survive, it must cut costs.").is_empty());
    assert!(read("Details of the chip are to be released in San Francisco on Monday.").is_empty());
}

#[test]
fn a_name_after_its_descriptor_is_the_actor_however_it_hangs() {
    assert_eq!(
        actors_and_stages(
            "Video game firm Bioware is to hold open auditions for people to become cast members."
        ),
        [("Bioware".to_string(), Stage::Intent)]
    );
}

#[test]
fn they_stands_for_the_people_the_sentence_before_was_about() {
    let body = "Acme Corp has made a bid for Rivers United.\n\n\
                A group of five MPs are calling on ministers to block any takeover of the club. \
                They have signed a House of Commons motion against the takeover.";
    let found = crate::commitments::extract("doc", body);
    let signed = found
        .iter()
        .find(|c| c.quote.starts_with("They have signed"))
        .expect("the motion is found");
    assert_eq!(signed.actor, "MPs");
}

#[test]
fn they_after_people_in_general_is_no_actor() {
    // The people the same sentence names.
    let body = "Acme Corp sells phones in the United States.\n\n\
                Customers will keep their phones, but they will plug them into adapters.";
    let found = crate::commitments::extract("doc", body);
    assert!(
        !found.iter().any(|c| c.quote.starts_with("Customers")),
        "{found:?}"
    );
    // The people the sentence before was about.
    let body = "Acme Corp sells phones in the United States.\n\n\
                Many users are angry about the price. They will stage a rally in Los Angeles.";
    let found = crate::commitments::extract("doc", body);
    assert!(
        !found.iter().any(|c| c.quote.starts_with("They")),
        "{found:?}"
    );
}

#[test]
fn they_is_a_body_not_a_state() {
    let body = "Rivers Ltd makes games in the United States.\n\n\
                They will launch a new console in March.";
    let found = crate::commitments::extract("doc", body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].actor, "Rivers Ltd");
}

#[test]
fn is_to_be_done_by_an_agent_is_the_agents_plan() {
    let found = crate::commitments::extract(
        "doc",
        "The libraries of five universities are to be digitised by Google.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].actor.as_str(), found[0].stage),
        ("Google", Stage::Intent)
    );
    // With no agent, no one is named as undertaking it.
    let found = crate::commitments::extract(
        "doc",
        "The libraries of five universities are to be digitised.",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_name_before_a_relative_clause_is_the_main_verbs_subject() {
    let found = crate::commitments::extract(
        "doc",
        "Jez San, the man behind the Argonaut games group which went into administration a week ago, has bought back most of the company.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].actor.as_str(), found[0].stage),
        ("Jez San", Stage::Firm)
    );
}

#[test]
fn a_subject_with_an_aside_keeps_its_verb_of_intent() {
    assert_eq!(
        actors_and_stages("Tesco, the UK's biggest retailer, plans to open 50 stores in China."),
        [("Tesco".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_plan_named_by_its_owner_before_the_noun_frames_the_owners_commitment() {
    assert_eq!(
        actors_and_stages("Under Tory plans, asylum seekers would be processed abroad."),
        [("Tory".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_passive_undertaking_reported_by_its_speaker_is_the_speakers_intent() {
    assert_eq!(
        actors_and_stages("Michael Howard said university tuition fees would be scrapped."),
        [("Michael Howard".to_string(), Stage::Intent)]
    );
    // An event to come, not an act anyone undertakes.
    assert!(read("Philip Wride said the qualifiers will be held in November.").is_empty());
}

#[test]
fn a_pronoun_is_read_in_its_own_clause_for_a_by_gerund() {
    let body = "Labour announced a new scheme. The Lib Dems say they will fund the pledge by \
                raising the top rate of tax to 50%.";
    let actors: Vec<String> = extract("doc", body)
        .into_iter()
        .filter(|c| c.quote.starts_with("The Lib Dems"))
        .map(|c| c.actor)
        .collect();
    assert_eq!(actors, ["Lib Dems"]);
}

#[test]
fn a_quoted_clause_set_under_the_speakers_plans_is_the_speakers() {
    assert_eq!(
        actors_and_stages(
            "Lib Dem leader Charles Kennedy spoke in Leeds. \"Under our plans, pensioners would pay less,\" he said."
        ),
        [("Charles Kennedy".to_string(), Stage::Intent)]
    );
}

#[test]
fn a_plan_given_up_is_no_commitment() {
    assert!(read("Gazprom has dropped its plans to bid for the unit.").is_empty());
    assert!(read("The council has shelved plans to build a new stadium.").is_empty());
}

#[test]
fn a_verb_that_brings_a_plan_forth_presents_it() {
    assert_eq!(
        actors_and_stages("Ministers have drawn up proposals for a new tax on flights."),
        [("ministers".to_string(), Stage::Hedged)]
    );
    assert_eq!(
        actors_and_stages("Labour laid out its plans for a third term on Monday."),
        [("Labour".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Michael Howard has outlined plans to cut immigration."),
        [("Michael Howard".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("The Tories have put forward plans to cut red tape."),
        [("Tories".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Labour has brought forward plans to cut red tape."),
        [("Labour".to_string(), Stage::Firm)]
    );
    // A particle with no plan presents nothing, nor does a verb that rejects the plan.
    assert!(read("The minister drew up a chair.").is_empty());
    assert!(read("MEPs have thrown out the bill.").is_empty());
}

#[test]
fn meeting_a_target_undertakes_and_meeting_a_person_does_not() {
    assert_eq!(
        actors_and_stages("Gordon Brown said the government would meet its target of halving child poverty by 2010."),
        [("government".to_string(), Stage::Intent)]
    );
    assert!(read("Gordon Brown will meet the Chinese premier on Monday.").is_empty());
}

#[test]
fn standing_for_office_undertakes_and_a_standing_figure_does_not() {
    assert_eq!(
        actors_and_stages(
            "Unison threatened to stand against Labour at the next general election."
        ),
        [("Unison".to_string(), Stage::Intent)]
    );
    assert_eq!(
        actors_and_stages("Greg Dyke will stand for parliament at the next election."),
        [("Greg Dyke".to_string(), Stage::Intent)]
    );
    assert!(read("Unemployment will stand at 5% next year.").is_empty());
    assert!(read("Conrad Black will stand trial in Chicago.").is_empty());
}

#[test]
fn a_statement_the_tagger_read_without_a_verb_is_read_with_one() {
    assert_eq!(
        actors_and_stages("Tony Blair set out plans for a new energy policy."),
        [("Tony Blair".to_string(), Stage::Firm)]
    );
}

#[test]
fn an_offer_in_preparation_is_a_hedged_offer() {
    assert_eq!(
        actors_and_stages("Qwest said it was preparing a new offer for MCI."),
        [("Qwest".to_string(), Stage::Hedged)]
    );
}

#[test]
fn a_press_conference_held_is_an_event_not_a_commitment() {
    assert!(crate::commitments::extract(
        "doc",
        "Michael Howard held a press conference in London with his deputy."
    )
    .is_empty());
}

#[test]
fn presenting_a_prize_performs_and_presenting_a_proposal_proposes() {
    assert!(read("Gwyneth Paltrow will present prizes at the ceremony.").is_empty());
    assert!(read("Producer Brian Grazer presented the award to the film's backers.").is_empty());
    assert_eq!(
        actors_and_stages("Home Secretary Charles Clarke presented proposals for a new court."),
        [("Charles Clarke".to_string(), Stage::Hedged)]
    );
}

#[test]
fn a_pronoun_said_by_unnamed_people_is_no_named_actor() {
    let body = "Labour unveiled its plans. Almost a quarter, 22%, said they would be buying a \\
                new phone. Supporters say it would let firms protect their inventions.";
    let quotes: Vec<String> = extract("doc", body).into_iter().map(|c| c.quote).collect();
    assert_eq!(quotes, ["Labour unveiled its plans."]);
}

#[test]
fn an_agentless_act_to_come_details_the_protagonists_plan() {
    assert_eq!(
        actors_and_stages(
            "The BBC has unveiled plans to cut 2,900 jobs. Similar posts will also be created in the other departments."
        ),
        [
            ("BBC".to_string(), Stage::Firm),
            ("BBC".to_string(), Stage::Intent)
        ]
    );
    assert_eq!(
        actors_and_stages(
            "The BBC has unveiled plans to reform its structure. The department is to be closed next year."
        )[1],
        ("BBC".to_string(), Stage::Intent)
    );
    // With nobody committed yet, nobody's plan.
    assert!(read("Similar posts will also be created in the other departments.").is_empty());
}

#[test]
fn a_clause_denied_is_no_undertaking() {
    assert!(read("Mr Brown denied that he would raise national insurance.").is_empty());
}

#[test]
fn a_plural_body_before_an_act_makes_the_sentence_worth_reading() {
    assert_eq!(
        actors_and_stages(
            "BP bought a stake in Shell last week. The two companies agreed a merger worth $5bn."
        ),
        [
            ("BP".to_string(), Stage::Firm),
            ("BP".to_string(), Stage::Firm),
            ("Shell".to_string(), Stage::Firm)
        ]
    );
}

#[test]
fn being_committed_to_a_thing_is_firm() {
    assert_eq!(
        actors_and_stages("The government is committed to a referendum on the constitution."),
        [("government".to_string(), Stage::Firm)]
    );
}

#[test]
fn by_a_quantity_measures_a_passive_act_and_names_no_agent() {
    assert_eq!(
        actors_and_stages(
            "Ryanair has announced plans to open ten new bases. Fares will be cut by 10% from next month."
        ),
        [
            ("Ryanair".to_string(), Stage::Firm),
            ("Ryanair".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn a_governor_with_a_particle_is_a_passive_act() {
    assert_eq!(
        actors_and_stages(
            "Ryanair has announced plans to open ten new bases. A further £50m has been set aside for training."
        ),
        [
            ("Ryanair".to_string(), Stage::Firm),
            ("Ryanair".to_string(), Stage::Firm)
        ]
    );
    assert!(read("The Da Vinci Code is set in Paris and the film was set in 2000.").is_empty());
}

#[test]
fn a_plan_presented_with_no_agent_is_its_owners_and_reads_from_the_plan() {
    let found = read(
        "Ryanair has announced plans to open ten new bases. The plans were unveiled in Dublin \
         on Tuesday. The proposals were published on Wednesday. Ryanair's plans were welcomed \
         by unions.",
    );
    let found: Vec<(String, Stage, String)> = found
        .into_iter()
        .map(|(a, s, action, _)| (a, s, action))
        .collect();
    assert_eq!(
        found[1..],
        [
            (
                "Ryanair".to_string(),
                Stage::Firm,
                "plans were unveiled in Dublin on Tuesday".to_string()
            ),
            (
                "Ryanair".to_string(),
                Stage::Hedged,
                "proposals were published on Wednesday".to_string()
            )
        ]
    );
}

#[test]
fn what_a_letter_says_is_its_senders_and_an_officer_speaks_for_the_firm() {
    assert_eq!(
        actors_and_stages(
            "Acme chairman John Smith sent a letter to Beta's board on Monday saying that it \
             plans to make a new offer."
        ),
        [("Acme".to_string(), Stage::Intent)]
    );
}

#[test]
fn the_source_of_a_claim_is_not_its_actor() {
    assert!(read(
        "By 2008, according to Gartner, 95% of all mobiles sold there will have cameras on them."
    )
    .is_empty());
}

#[test]
fn reaching_a_deal_commits_and_reaching_a_milestone_does_not() {
    assert_eq!(
        actors_and_stages("Gazprom has reached a settlement with Yukos over the unit."),
        [("Gazprom".to_string(), Stage::Firm)]
    );
    assert!(read("Yahoo has reached the grand old age of 10.").is_empty());
}

#[test]
fn revealing_plans_presents_them_and_revealing_a_fact_does_not() {
    assert_eq!(
        actors_and_stages("HSBC revealed plans to open 20 branches in China."),
        [("HSBC".to_string(), Stage::Firm)]
    );
    assert!(read("HSBC revealed that profits rose to £5bn.").is_empty());
}

#[test]
fn a_name_opening_a_sentence_is_a_name_when_the_article_capitalises_it_inside_one() {
    let body = "A Moscow court has ruled against oil firm Yukos. \
                Yukos will appeal against the ruling. \
                Analysts will study the ruling.";
    assert_eq!(
        actors_and_stages(body),
        [("Yukos".to_string(), Stage::Intent)]
    );
}

#[test]
fn the_government_is_never_a_blocs() {
    let body = "The European Union has proposed new rules on bank capital.\n\n\
                The government has set aside £50m for flood defences.";
    let found = read(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].0, "government");
}

#[test]
fn a_pronoun_stands_for_the_subject_of_an_earlier_clause_of_its_sentence() {
    assert_eq!(
        actors_and_stages(
            "The TGWU union said it would ballot its members. Last month AirLink agreed to buy 20 planes from Airbus, and it is expected to announce new routes this spring."
        ),
        [
            ("TGWU".to_string(), Stage::Intent),
            ("AirLink".to_string(), Stage::Firm),
        ]
    );
}

#[test]
fn a_noun_before_a_comma_does_not_describe_the_name_after_it() {
    // "police officers, Michael Howard": Howard is no police force, so "he" finds him.
    assert_eq!(
        actors_and_stages(
            "The Conservatives would hire 5,000 extra police officers, Michael Howard has said.\n\n\
             \"We will put more police on the streets,\" he told supporters in Birmingham."
        ),
        [
            ("Conservatives".to_string(), Stage::Intent),
            ("Michael Howard".to_string(), Stage::Intent)
        ]
    );
}

#[test]
fn giving_a_sum_of_money_funds_and_giving_anything_else_does_not() {
    assert_eq!(
        read("The government has given councils £1bn to improve roads."),
        [(
            "government".to_string(),
            Stage::Firm,
            "has given councils £1bn to improve roads".to_string(),
            Some("£1bn".to_string())
        )]
    );
    assert!(read("The minister has given evidence to the committee.").is_empty());
}

#[test]
fn a_title_and_the_name_after_it_are_one_actor() {
    assert_eq!(
        actors_and_stages(
            "It was a busy week for Acme. \
             Trade Secretary Patricia Hewitt announced £50m of funding for small firms."
        ),
        [("Patricia Hewitt".to_string(), Stage::Firm)]
    );
}

#[test]
fn a_bill_or_a_set_of_measures_is_a_plan_of_whoever_put_it_forward() {
    assert_eq!(
        actors_and_stages(
            "The Labour Party has unveiled new plans for the economy. \
             The bill would allow police to hold suspects for 90 days."
        ),
        [
            ("Labour Party".to_string(), Stage::Firm),
            ("Labour Party".to_string(), Stage::Intent)
        ]
    );
    // A plan's noun that opens a name is the name.
    assert!(read("Fox TV's Bill O'Reilly said he would be watching closely.").is_empty());
}

#[test]
fn a_name_the_article_writes_inside_sentences_is_a_name_when_it_opens_one() {
    assert_eq!(
        actors_and_stages(
            "It was a busy week for Boeing and the firm Acme. \
             Boeing also said it would offer discounts to airlines."
        ),
        [("Boeing".to_string(), Stage::Intent)]
    );
}

#[test]
fn placing_an_order_and_lowering_a_price_are_completed_acts() {
    assert_eq!(
        actors_and_stages("Ryanair has placed an order for 20 new planes."),
        [("Ryanair".to_string(), Stage::Firm)]
    );
    assert_eq!(
        actors_and_stages("Tesco has lowered its prices by 10%."),
        [("Tesco".to_string(), Stage::Firm)]
    );
    // A place taken is no order.
    assert!(read("Tesco has placed its new store in the town centre.").is_empty());
}

#[test]
fn spending_with_nothing_spent_is_a_habit_not_an_undertaking() {
    assert!(read(
        "Ken Livingstone is spending, hiring and borrowing so much because the city has no plan."
    )
    .is_empty());
    assert!(read("Sony is paying generously because staff are scarce.").is_empty());
    assert_eq!(
        actors_and_stages("Tesco is spending £2bn on new stores this year."),
        [("Tesco".to_string(), Stage::Firm)]
    );
}
