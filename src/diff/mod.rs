//! Article-aware diffs between two document texts (being written).
