//! quarry: cited answers and "who committed to what" from a folder of news articles.
//!
//! Data flows one way: [`corpus`] → [`index`] (with [`catalog`]) → [`answer`] /
//! [`commitments`] / [`digest`], all behind [`engine::Engine`]. Surfaces (`cli`, `discord`)
//! only turn the engine's plain data into text.

pub mod answer;
pub mod catalog;
pub mod commitments;
pub mod config;
pub mod corpus;
pub mod engine;
pub mod feedback;
pub mod index;
pub mod lexicon;
pub mod terms;
pub mod text;
