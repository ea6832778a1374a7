//! The interface's languages: Vietnamese first, English second.
//!
//! Interface text lives in Fluent files (`locales/vi.ftl`, `locales/en.ftl`),
//! embedded in the binary. Content (drafts, comments, answers) is shown as written.
//! A reader's language is their choice (the `duthao_lang` cookie, set by the switch
//! in the header), else the first of Vietnamese and English in their browser's
//! `Accept-Language`, else Vietnamese.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

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
}

fn load(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("locales/{lang}.ftl does not parse: {errors:?}"));
    let id = lang.parse().unwrap_or_else(|e| panic!("{lang} is not a language tag: {e}"));
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the pages are HTML, not bidi text.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("locales/{lang}.ftl: {errors:?}"));
    bundle
}

static VI: LazyLock<FluentBundle<FluentResource>> =
    LazyLock::new(|| load("vi", include_str!("../locales/vi.ftl")));
static EN: LazyLock<FluentBundle<FluentResource>> =
    LazyLock::new(|| load("en", include_str!("../locales/en.ftl")));

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
    fn both_languages_have_every_key_and_format_it() {
        let vi = keys(include_str!("../locales/vi.ftl"));
        let en = keys(include_str!("../locales/en.ftl"));
        assert_eq!(vi, en, "vi.ftl and en.ftl must have the same keys");
        for key in &vi {
            for lang in Lang::ALL {
                let text = lang.t_n(key, "days", 2);
                assert!(!text.is_empty() && text != *key, "{} {key}", lang.code());
            }
        }
        assert_eq!(Lang::En.t_n("home-days-left", "days", 1), "1 day left");
        assert_eq!(Lang::En.t_n("home-days-left", "days", 5), "5 days left");
        assert_eq!(Lang::Vi.t_n("home-days-left", "days", 5), "còn 5 ngày");
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
    }
}
