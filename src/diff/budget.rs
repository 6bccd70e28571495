//! How much work a diff may still do: counted in comparisons, not timed.

/// The work left, and whether anything was cut short for want of it.
///
/// Work is counted, not timed, so that whether a diff comes out coarse
/// depends on the two texts only. Once one step could not be afforded, every
/// later step is coarse too, as if time had run out.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    left: u64,
    pub coarse: bool,
}

impl Budget {
    pub fn new(max_work: u64) -> Budget {
        Budget {
            left: max_work,
            coarse: false,
        }
    }

    /// Takes `units` of work if they are left; otherwise marks the result
    /// coarse and refuses this and every later request.
    pub fn spend(&mut self, units: u64) -> bool {
        if !self.coarse && units <= self.left {
            self.left -= units;
            return true;
        }
        self.coarse = true;
        false
    }

    pub fn exhausted(&self) -> bool {
        self.coarse
    }

    /// The work spent between this state and a `later` one.
    pub fn spent_since(&self, later: &Budget) -> u64 {
        self.left - later.left
    }
}

/// The work of diffing a sequence of `a` items against one of `b`: Myers
/// does at most about that many comparisons.
pub(crate) fn work(a: usize, b: usize) -> u64 {
    (a as u64 + 1).saturating_mul(b as u64 + 1)
}
