//! The interface's languages: Vietnamese first, English second.
//!
//! Interface text lives in Fluent files, one per area of the interface, under
//! `locales/vi/` and `locales/en/` (the same files with the same keys, checked by a
//! test), embedded in the binary. Content (drafts, comments, answers) is shown as written.
//! A reader's language is their choice (the `duthao_lang` cookie, set by the switch
//! in the header), else the first of Vietnamese and English in their browser's
//! `Accept-Language`, else Vietnamese.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_embed::RustEmbed;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The BCP 47 tag, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language to use for an `Accept-Language` header: the first of ours by
    /// preference (`q`), Vietnamese when none is acceptable.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut ranked: Vec<(f32, usize, Lang)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim().to_ascii_lowercase();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                let primary = tag.split('-').next().unwrap_or_default().to_owned();
                let lang = Lang::parse(&primary)?;
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map_or(Lang::Vi, |r| r.2)
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        match self {
            Self::Vi => &VI,
            Self::En => &EN,
        }
    }

    /// The text of `key`; the key itself if the files lack it (the test below makes
    /// sure they do not).
    pub fn t(self, key: &str) -> String {
        self.format(key, None)
    }

    /// The text of `key` with one numeric argument.
    pub fn t_n(self, key: &str, name: &str, n: i64) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(n));
        self.format(key, Some(&args))
    }

    /// The text of `key` with named string arguments (`{ $name }` in the file).
    pub fn t_args(self, key: &str, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(*name, FluentValue::from(*value));
        }
        self.format(key, Some(&args))
    }

    /// The text of `key` with named arguments, numbers and text: numbers are written
    /// with the language's thousands separator and choose the plural form, except
    /// those that name something (`code`: a group or comment number; `row`, `column`
    /// of a file), written as they are.
    pub fn t_values(self, key: &str, values: &[(&str, Arg)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            match value {
                Arg::Number(n) if matches!(*name, "code" | "row" | "column") => {
                    args.set(*name, FluentValue::from(n.to_string()))
                }
                Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
                Arg::Text(t) => args.set(*name, FluentValue::from(t.as_str())),
            }
        }
        self.format(key, Some(&args))
    }

    /// The interface name of a coded value (a channel, a disposition, a role…).
    pub fn label(self, value: &(impl Label + ?Sized)) -> String {
        self.t(&value.label_key())
    }

    fn format(self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = self.code(), "missing interface text");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, lang = self.code(), ?errors, "interface text did not format");
        }
        text.into_owned()
    }

    /// A count with the language's thousands separator: 1.234 in Vietnamese, 1,234 in
    /// English.
    pub fn number(self, n: i64) -> String {
        let plain = crate::domain::vntime::thousands(n);
        match self {
            Self::Vi => plain,
            Self::En => plain.replace('.', ","),
        }
    }

    /// A date (Vietnam time) as the language writes it: "Thứ hai, ngày 30/11/2026",
    /// "Monday, 30 November 2026".
    pub fn long_date(self, ms: i64) -> String {
        match (self, crate::domain::vntime::at(ms)) {
            (Self::Vi, _) => crate::domain::vntime::long_date(ms),
            (Self::En, Some(t)) => format!("{}, {} {} {}", t.weekday(), t.day(), t.month(), t.year()),
            (Self::En, None) => "—".to_owned(),
        }
    }

    /// A short date: "30/11/2026", "30 Nov 2026".
    pub fn short_date(self, ms: i64) -> String {
        match (self, crate::domain::vntime::at(ms)) {
            (Self::Vi, _) => crate::domain::vntime::short_date(ms),
            (Self::En, Some(t)) => {
                let month = t.month().to_string();
                format!("{} {} {}", t.day(), month.get(..3).unwrap_or(&month), t.year())
            }
            (Self::En, None) => "—".to_owned(),
        }
    }

    /// A time and date (Vietnam time): "14:05 30/11/2026", "14:05, 30 Nov 2026".
    pub fn date_time(self, ms: i64) -> String {
        match (self, crate::domain::vntime::at(ms)) {
            (Self::Vi, _) => crate::domain::vntime::date_time(ms),
            (Self::En, Some(t)) => format!("{:02}:{:02}, {}", t.hour(), t.minute(), self.short_date(ms)),
            (Self::En, None) => "—".to_owned(),
        }
    }
}

/// An argument of interface text: a number (formatted for the language, and choosing
/// the plural form) or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Number(i64),
    Text(String),
}

/// What may be an argument of interface text (`chrome.t1`, `chrome.t2`).
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}

macro_rules! number_args {
    ($($ty:ty),*) => {
        $(impl ToArg for $ty {
            fn to_arg(&self) -> Arg {
                Arg::Number(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        })*
    };
}

number_args!(i64, i32, u32, u64, usize, u16, i16, u8);

impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.to_owned())
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

/// Numeric arguments of Vietnamese text: "1.234".
fn numbers_vi<M>(value: &FluentValue, _: &M) -> Option<String> {
    whole(value).map(|n| Lang::Vi.number(n))
}

/// Numeric arguments of English text: "1,234".
fn numbers_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    whole(value).map(|n| Lang::En.number(n))
}

/// A whole number argument (fractions keep Fluent's own formatting).
fn whole(value: &FluentValue) -> Option<i64> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 9e15 => Some(n.value as i64),
        _ => None,
    }
}

/// A coded value with an interface name: its key is `{prefix}-{code}` in
/// `locales/*/domain.ftl`.
pub trait Label {
    fn label_key(&self) -> String;
}

impl<T: Label + ?Sized> Label for &T {
    fn label_key(&self) -> String {
        (**self).label_key()
    }
}

macro_rules! labels {
    ($($ty:ty => $prefix:literal),* $(,)?) => {
        $(impl Label for $ty {
            fn label_key(&self) -> String {
                format!(concat!($prefix, "-{}"), self.code())
            }
        })*
    };
}

labels! {
    crate::domain::Channel => "channel",
    crate::domain::Disposition => "disposition",
    crate::domain::AnswerState => "answer-state",
    crate::domain::DraftKind => "draft-kind",
    crate::domain::Audience => "audience",
    crate::domain::moderation::Moderation => "moderation",
    crate::domain::moderation::ChallengeMode => "challenge",
    crate::domain::Role => "role",
}

#[derive(RustEmbed)]
#[folder = "locales/"]
struct Locales;

/// The Fluent files of a language, by name (`core.ftl`, `editor.ftl`…).
fn files(lang: &str) -> Vec<(String, String)> {
    let prefix = format!("{lang}/");
    let mut files: Vec<(String, String)> = Locales::iter()
        .filter_map(|path| {
            let name = path.strip_prefix(&prefix)?.to_owned();
            let file = Locales::get(&path)?;
            Some((name, String::from_utf8_lossy(&file.data).into_owned()))
        })
        .collect();
    files.sort();
    files
}

fn load(lang: &str) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_else(|e| panic!("{lang} is not a language tag: {e}"));
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the pages are HTML, not bidi text.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(if lang == "vi" { numbers_vi } else { numbers_en }));
    for (name, source) in files(lang) {
        let resource = FluentResource::try_new(source)
            .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/{name} does not parse: {errors:?}"));
        bundle.add_resource(resource).unwrap_or_else(|errors| panic!("locales/{lang}/{name}: {errors:?}"));
    }
    bundle
}

static VI: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| load("vi"));
static EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| load("en"));

#[cfg(test)]
mod tests {
    use super::*;

    /// The message ids of a Fluent file.
    fn keys(source: &str) -> Vec<String> {
        let mut keys: Vec<String> = source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn both_languages_have_every_file_and_key_and_format_them() {
        let vi = files("vi");
        let en = files("en");
        let names = |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&vi), names(&en), "locales/vi and locales/en must have the same files");
        assert!(names(&vi).contains(&"core.ftl".to_owned()));
        let mut all = Vec::new();
        for ((name, vi), (_, en)) in vi.iter().zip(&en) {
            let (vi, en) = (keys(vi), keys(en));
            assert_eq!(vi, en, "locales/vi/{name} and locales/en/{name} must have the same keys");
            all.extend(vi);
        }
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "a key is defined in two files");
        // Every argument a message may use, so that none is left unformatted.
        let args: Vec<(&str, &str)> =
            ["name", "count", "value", "title", "code", "date", "what", "max", "min", "row", "column"]
                .into_iter()
                .map(|a| (a, "1"))
                .collect();
        for key in &all {
            for lang in Lang::ALL {
                let text = lang.t_n(key, "days", 2);
                assert!(!text.is_empty() && text != *key, "{} {key}", lang.code());
                let text = lang.t_args(key, &args);
                assert!(!text.is_empty() && text != *key, "{} {key}", lang.code());
            }
        }
        assert_eq!(Lang::En.t_n("home-days-left", "days", 1), "1 day left");
        assert_eq!(Lang::En.t_n("home-days-left", "days", 5), "5 days left");
        assert_eq!(Lang::Vi.t_n("home-days-left", "days", 5), "còn 5 ngày");
        // Numbers in text are written for the language, and still choose the plural.
        assert_eq!(Lang::En.t_n("home-days-left", "days", 1234), "1,234 days left");
        assert_eq!(Lang::Vi.t_n("home-days-left", "days", 1234), "còn 1.234 ngày");
        assert_eq!(Lang::En.t_values("home-days-left", &[("days", 1i64.to_arg())]), "1 day left");
        assert_eq!(Lang::Vi.t_values("home-days-left", &[("days", "12".to_arg())]), "còn 12 ngày");
        assert_eq!(Lang::Vi.t_values("error-title", &[("code", 12345.to_arg())]), "Lỗi 12345");
    }

    #[test]
    fn accept_language_picks_ours_by_preference() {
        assert_eq!(Lang::negotiate("en-US,en;q=0.9,vi;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("vi-VN,vi;q=0.9,en;q=0.8"), Lang::Vi);
        assert_eq!(Lang::negotiate("fr-FR,en;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("fr-FR,de"), Lang::Vi);
        assert_eq!(Lang::negotiate("vi;q=0.2,en;q=0.7"), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0"), Lang::Vi);
        assert_eq!(Lang::negotiate(""), Lang::Vi);
    }

    #[test]
    fn numbers_and_dates_follow_the_language() {
        assert_eq!(Lang::Vi.number(1_234_567), "1.234.567");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        // 2026-11-30 09:00 in Vietnam (02:00 UTC).
        let ms = 1_796_004_000_000;
        assert_eq!(Lang::En.long_date(ms), "Monday, 30 November 2026");
        assert_eq!(Lang::Vi.long_date(ms), "Thứ hai, ngày 30/11/2026");
        assert_eq!(Lang::En.short_date(ms), "30 Nov 2026");
        assert_eq!(Lang::Vi.short_date(ms), "30/11/2026");
        assert_eq!(Lang::En.date_time(ms), "09:00, 30 Nov 2026");
        assert_eq!(Lang::Vi.date_time(ms), "09:00 30/11/2026");
    }

    #[test]
    fn every_coded_value_has_a_name_in_both_languages_and_the_vietnamese_one_is_its_own() {
        use crate::domain::moderation::{ChallengeMode, Moderation};
        use crate::domain::*;
        let mut checked = 0;
        let mut check = |value: &dyn Label, vi: &str| {
            assert_eq!(Lang::Vi.label(value), vi);
            let en = Lang::En.label(value);
            assert!(!en.is_empty() && en != value.label_key(), "{en}");
            checked += 1;
        };
        for v in Channel::ALL {
            check(&v, v.name_vi());
        }
        for v in Disposition::ALL {
            check(&v, v.name_vi());
        }
        for v in AnswerState::ALL {
            check(&v, v.name_vi());
        }
        for v in DraftKind::ALL {
            check(&v, v.name_vi());
        }
        for v in [Audience::Public, Audience::Invited, Audience::Both] {
            check(&v, v.name_vi());
        }
        for v in Moderation::ALL {
            check(&v, v.name_vi());
        }
        for v in ChallengeMode::ALL {
            check(&v, v.name_vi());
        }
        for v in Role::ALL {
            check(&v, v.name_vi());
        }
        assert_eq!(checked, 5 + 4 + 4 + 9 + 3 + 3 + 3 + 6);
        assert_eq!(Lang::En.label(&Disposition::Accepted), "Accepted");
    }
}
