//! Two languages from Fluent files: Vietnamese (the fallback) and English.
//! Message ids are checked at compile time against the Vietnamese file; a test
//! checks that both files define the same ids.

use std::sync::LazyLock;

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use rust_embed::RustEmbed;
use serde::{Deserialize, Serialize};

#[derive(RustEmbed)]
#[folder = "assets/i18n/"]
struct Localizations;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.starts_with("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// The name of the language in itself (for the switch).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.native_name())
    }
}

fn make_loader(lang: &str) -> FluentLanguageLoader {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    let id: unic_langid::LanguageIdentifier = lang.parse().expect("language id");
    loader
        .load_languages(&Localizations, &[id])
        .expect("embedded translations load");
    // No Unicode bidi isolation marks around arguments: useless for vi/en and
    // they break exact-text matching.
    loader.set_use_isolating(false);
    loader
}

static VI: LazyLock<FluentLanguageLoader> = LazyLock::new(|| make_loader("vi"));
static EN: LazyLock<FluentLanguageLoader> = LazyLock::new(|| make_loader("en"));

pub fn loader(lang: Lang) -> &'static FluentLanguageLoader {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// Translate a message id: `t!(lang, "id")` or `t!(lang, "id", name = value)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:literal) => {
        i18n_embed_fl::fl!($crate::i18n::loader($lang), $id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        i18n_embed_fl::fl!($crate::i18n::loader($lang), $id, $($name = ($value)),+)
    };
}

/// Look up a message id chosen at run time (e.g. from an enum key). Falls
/// back to the id itself, which the completeness test rules out.
pub fn dynamic(lang: Lang, id: &str) -> String {
    let l = loader(lang);
    if l.has(id) { l.get(id) } else { id.to_string() }
}

/// The message ids defined in one language's file (for the completeness test).
pub fn ids_in(lang: Lang) -> Vec<String> {
    let file = Localizations::get(&format!("{}/tiepnhan.ftl", lang.code())).expect("ftl file");
    let text = String::from_utf8_lossy(&file.data).into_owned();
    let mut ids: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(['#', ' ', '\t', '.', '-', '[', '*', '}']))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .filter(|id| !id.is_empty())
        .collect();
    ids.sort();
    ids
}
