//! Context parts that many pages share, turned into template values once.
//!
//! A revision's record is on its own pages, on the pages of the revisions
//! around it (`next`) and on every older revision's to-current page
//! (`between`): a history of n revisions puts it into about n pages. Turning
//! it into a Tera value anew for each (one allocation a field) made context
//! building grow with the square of a history's length. A [`Shared`] keeps
//! the value it became the first time, and Tera takes a value it meets while
//! building a context as it is, by reference count, without walking it.

use std::cell::Cell;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::{Serialize, Serializer};

/// `T`, shared between pages and serialized into a template value once.
/// Outside a template's context (JSON output, tests) it serializes as `T`.
pub struct Shared<T>(Arc<Inner<T>>);

struct Inner<T> {
    data: T,
    value: OnceLock<tera::Value>,
}

impl<T> Shared<T> {
    pub fn new(data: T) -> Shared<T> {
        Shared(Arc::new(Inner {
            data,
            value: OnceLock::new(),
        }))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0.data
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.data.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.data == other.0.data
    }
}

thread_local! {
    /// Set while [`for_template`] builds a template's context on this thread.
    static FOR_TEMPLATE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `build` (which makes a Tera context) with every [`Shared`] in it
/// taken as its cached template value.
pub fn for_template<R>(build: impl FnOnce() -> R) -> R {
    let before = FOR_TEMPLATE.replace(true);
    let out = build();
    FOR_TEMPLATE.set(before);
    out
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !FOR_TEMPLATE.get() {
            return self.0.data.serialize(serializer);
        }
        let value = match self.0.value.get() {
            Some(v) => v,
            None => {
                let v = tera::Value::try_from_serializable(&self.0.data).map_err(serde::ser::Error::custom)?;
                self.0.value.get_or_init(|| v)
            }
        };
        value.serialize(serializer)
    }
}

#[cfg(test)]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Shared<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Page {
        title: &'static str,
        shared: Vec<Shared<Record>>,
    }

    #[derive(Serialize, Debug, PartialEq)]
    struct Record {
        id: u32,
        name: String,
    }

    #[test]
    fn a_template_sees_the_same_context_with_or_without_sharing() {
        let record = Shared::new(Record {
            id: 7,
            name: "seven".into(),
        });
        let page = Page {
            title: "t",
            shared: vec![record.clone(), record],
        };
        let plain = tera::Context::from_serialize(&page).unwrap();
        let shared = for_template(|| tera::Context::from_serialize(&page)).unwrap();
        let again = for_template(|| tera::Context::from_serialize(&page)).unwrap();
        assert_eq!(plain, shared);
        assert_eq!(shared, again);
        let mut tera = tera::Tera::default();
        tera.add_raw_template("p", "{% for r in shared %}{{ r.id }} {{ r.name }};{% endfor %}")
            .unwrap();
        assert_eq!(tera.render("p", &shared).unwrap(), "7 seven;7 seven;");
    }

    #[test]
    fn outside_a_template_it_serializes_as_its_data() {
        let record = Shared::new(Record {
            id: 1,
            name: "one".into(),
        });
        let _ = for_template(|| {
            tera::Context::from_serialize(&Page {
                title: "t",
                shared: vec![record.clone()],
            })
        });
        assert_eq!(serde_json::to_string(&record).unwrap(), r#"{"id":1,"name":"one"}"#);
    }
}
