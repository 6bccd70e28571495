//! A version of a document made ready for diffing, once per version.

use std::hash::{Hash, Hasher};

use super::blocks::{self, Extracted, SourceBlock};
use super::moves;
use crate::model::Document;

/// One version of a document, cut into blocks once. A revision takes part in
/// up to three diffs (with the one before, the one after, and the current
/// one), and the current revision in every to-current diff.
pub struct Prepared<'a> {
    pub(super) doc: &'a Document,
    pub(super) blocks: Extracted,
    /// A hash of each article's blocks, for [`Memo`] keys.
    pub(super) article_hashes: Vec<u64>,
    pub(super) long: moves::LongBlocks,
}

impl<'a> Prepared<'a> {
    pub fn new(doc: &'a Document) -> Prepared<'a> {
        Prepared::from_blocks(doc, blocks::extract(doc))
    }

    fn from_blocks(doc: &'a Document, blocks: Extracted) -> Prepared<'a> {
        let article_hashes = blocks.articles.iter().map(|a| hash_blocks(a)).collect();
        let long = moves::LongBlocks::new(&blocks);
        Prepared {
            doc,
            blocks,
            article_hashes,
            long,
        }
    }

    pub fn document(&self) -> &'a Document {
        self.doc
    }
}

/// Cuts a body into blocks from the Markdown events of a pass made for
/// another purpose: a build renders each revision's HTML from the same events,
/// and parsing the Markdown once for both saves a parse per revision.
#[derive(Default)]
pub struct BlockReader(blocks::Reader);

impl BlockReader {
    pub fn new() -> BlockReader {
        BlockReader::default()
    }

    /// The next event of the body, as [`crate::markdown::parse`] gives
    /// it, and its byte range.
    pub fn feed(&mut self, event: &pulldown_cmark::Event<'_>, range: std::ops::Range<usize>) {
        self.0.feed(event, range.start);
    }

    /// `doc` prepared from the events read, which must be all of its body's.
    pub fn finish(self, doc: &Document) -> Prepared<'_> {
        Prepared::from_blocks(doc, self.0.finish(doc))
    }
}

fn hash_blocks(blocks: &[SourceBlock]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for b in blocks {
        b.kind.hash(&mut h);
        b.hash.hash(&mut h);
    }
    h.finish()
}
