//! quarry's engine: cited answers and "who committed to what" from a folder of news articles.
//!
//! Data flows one way: [`corpus`] → [`index`] (with [`catalog`]) → [`answer`] /
//! [`commitments`] / [`actors`] / [`digest`], all behind [`engine::Engine`]; [`schedule`] decides when a
//! digest is posted and records it. Text and knowledge come from the layer below (`quarry_text`);
//! the surfaces above (the `quarry` binary: CLI and Discord) only turn plain data into text.

pub mod actors;
pub mod answer;
pub mod catalog;
pub mod citation;
pub mod commitments;
pub mod config;
pub mod corpus;
pub mod digest;
pub mod engine;
pub mod feedback;
pub mod index;
pub mod schedule;
pub mod semantic;
