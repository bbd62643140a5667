//! quarry: cited answers and "who committed to what" from a folder of news articles.
//!
//! Data flows one way: [`corpus`] → [`index`] (with [`catalog`]) → [`answer`] /
//! [`commitments`] / [`digest`], all behind [`engine::Engine`]; [`schedule`] decides when a
//! digest is posted and records it. Surfaces (`cli`, `discord`) only turn plain data into text.

pub mod answer;
pub mod catalog;
pub mod commitments;
pub mod config;
pub mod corpus;
pub mod digest;
pub mod engine;
pub mod index;
pub mod lexicon;
pub mod schedule;
pub mod terms;
pub mod text;
