//! Content the build must refuse, with the exact error each gets.

use anyhow::Result;

use super::super::Fixture;
use super::Edit::{self, Bytes, Remove, Replace, Write};

struct Case {
    name: &'static str,
    edits: &'static [Edit],
    /// Where the error must point.
    file: &'static str,
    line: usize,
    /// The error's text, exactly: `path:line: <message> — <fix>`.
    message: &'static str,
    fix: &'static str,
}

const FIRM: &str = "firms/test-firm.toml";
const FIRM_EN: &str = "firms/test-firm.en.md";
const ABOUT_EN: &str = "pages/about.en.md";

const CASES: &[Case] = &[
    // The shape of a page file.
    Case {
        name: "unterminated string in the front matter",
        edits: &[Write("firms/test-firm.de.md", "+++\ntitle = \"Test\"\nsummary = \"unterminated\n+++\nBody\n")],
        file: "firms/test-firm.de.md",
        line: 3,
        message: "invalid TOML: invalid basic string, expected `\"`",
        fix: "check quotes, `=` signs and brackets on this line (TOML syntax)",
    },
    Case {
        name: "no front matter",
        edits: &[Write("strategies/first.th.md", "Just text, no front matter.\n")],
        file: "strategies/first.th.md",
        line: 1,
        message: "missing front matter",
        fix: "start the file with a line `+++`, then the fields (title = \"…\", summary = \"…\"), then another `+++` line",
    },
    Case {
        name: "front matter never closed",
        edits: &[Write(ABOUT_EN, "\n+++\ntitle = \"About\"\nsummary = \"About.\"\n\nBody\n")],
        file: ABOUT_EN,
        line: 2,
        message: "the front matter is not closed",
        fix: "add a line `+++` after the last field",
    },
    Case {
        name: "unknown front-matter field",
        edits: &[Write("strategies/first.en.md", "+++\ntitle = \"S\"\nsummary = \"A.\"\nsubtitle = \"x\"\n+++\n")],
        file: "strategies/first.en.md",
        line: 4,
        message: "invalid TOML: unknown field `subtitle`, expected one of `title`, `summary`, `draft`, `equipment`, `scopes`",
        fix: "remove the field or correct its spelling; content/README.md lists the allowed fields",
    },
    Case {
        name: "summary missing",
        edits: &[Write("programs/fair.ja.md", "+++\ntitle = \"展示会\"\n+++\n本文\n")],
        file: "programs/fair.ja.md",
        line: 2,
        message: "invalid TOML: missing field `summary`",
        fix: "add the field; content/README.md shows a complete example",
    },
    Case {
        name: "empty title",
        edits: &[Write(ABOUT_EN, "+++\ntitle = \"  \"\nsummary = \"About.\"\n+++\n")],
        file: ABOUT_EN,
        line: 2,
        message: "the title is empty",
        fix: "write the page title in this language",
    },
    Case {
        name: "summary too long",
        edits: &[Replace(ABOUT_EN, "summary = \"About the cluster.\"", SUMMARY_201)],
        file: ABOUT_EN,
        line: 3,
        message: "the summary has 201 characters",
        fix: "write one or two sentences of at most 200 characters",
    },
    Case {
        name: "equipment on a page that is not a firm",
        edits: &[Replace(ABOUT_EN, "summary = \"About the cluster.\"", "summary = \"A.\"\nequipment = [\"lathe\"]")],
        file: ABOUT_EN,
        line: 2,
        message: "`equipment` and `scopes` belong to firm profiles only",
        fix: "remove them from this page",
    },
    Case {
        name: "a translation missing",
        edits: &[Remove("firms/test-firm.th.md")],
        file: "firms/test-firm.th.md",
        line: 1,
        message: "missing th translation of firms `test-firm`",
        fix: "create firms/test-firm.th.md (translate firms/test-firm.ja.md), or mark every translation `draft = true` to keep the page unpublished",
    },
    Case {
        name: "the data file of a firm missing",
        edits: &[Remove(FIRM)],
        file: FIRM,
        line: 1,
        message: "the data file of firms `test-firm` is missing",
        fix: "create firms/test-firm.toml; content/README.md shows its fields",
    },
    Case {
        name: "a file name that is not a slug",
        edits: &[Write("pages/About_Us.en.md", "+++\ntitle = \"A\"\nsummary = \"A.\"\n+++\n")],
        file: "pages/About_Us.en.md",
        line: 1,
        message: "invalid slug `About_Us`",
        fix: "use only lower-case letters a-z, digits and `-` in file names (the slug becomes the page address)",
    },
    Case {
        name: "a file that is neither translation nor data",
        edits: &[Write("pages/notes.txt", "todo\n")],
        file: "pages/notes.txt",
        line: 1,
        message: "unexpected file name `notes.txt`",
        fix: "name translations `<slug>.<lang>.md` (lang: a code of site.toml's languages, e.g. en) and data files `<slug>.toml`",
    },
    Case {
        name: "a page whose slug is a section of the site",
        edits: &[
            Write("pages/search.ja.md", SEARCH_PAGE),
            Write("pages/search.en.md", SEARCH_PAGE),
            Write("pages/search.de.md", SEARCH_PAGE),
            Write("pages/search.th.md", SEARCH_PAGE),
        ],
        file: "pages/search.ja.md",
        line: 1,
        message: "`search` is a section of the site",
        fix: "choose another slug for this page",
    },
    // Characters no editor shows.
    Case {
        name: "invalid UTF-8 on line 6",
        edits: &[Bytes(ABOUT_EN, b"+++\ntitle = \"About\"\nsummary = \"About.\"\n+++\n\nBad \xff\xfe bytes.\n")],
        file: ABOUT_EN,
        line: 6,
        message: "this line is not valid UTF-8 text",
        fix: "save the file as UTF-8 (the editor's encoding setting), or retype the line's special characters",
    },
    Case {
        name: "NUL in a body",
        edits: &[Write(ABOUT_EN, "+++\ntitle = \"About\"\nsummary = \"About.\"\n+++\n\nText\u{0} here.\n")],
        file: ABOUT_EN,
        line: 6,
        message: "invisible control character U+0000 on this line",
        fix: "delete it (retype the line if you cannot see it); only tabs and line breaks are allowed",
    },
    Case {
        name: "terminal escape in a title",
        edits: &[Write("pages/about.de.md", "+++\ntitle = \"Über\u{1b}[31m\"\nsummary = \"Über.\"\n+++\n")],
        file: "pages/about.de.md",
        line: 2,
        message: "invisible control character U+001B on this line",
        fix: "delete it (retype the line if you cannot see it); only tabs and line breaks are allowed",
    },
    Case {
        name: "unclosed right-to-left override in a title",
        edits: &[Write(FIRM_EN, "+++\ntitle = \"Akanezora \u{202E}scitsalP\"\nsummary = \"Moulder.\"\n+++\n")],
        file: FIRM_EN,
        line: 2,
        message: "an unclosed text-direction control character (U+202C or its pair) on this line",
        fix: "delete the invisible direction marks on this line (retype it if you cannot see them); the site sets the direction of each language itself",
    },
    Case {
        name: "a direction isolate closed that was never opened",
        edits: &[Write(FIRM_EN, "+++\ntitle = \"Firm\"\nsummary = \"Moulder\u{2069}.\"\n+++\n")],
        file: FIRM_EN,
        line: 3,
        message: "a closing text-direction control character (U+2069 or its pair) on this line",
        fix: "delete the invisible direction marks on this line (retype it if you cannot see them); the site sets the direction of each language itself",
    },
    // Impossible facts.
    Case {
        name: "municipality at (0, 0)",
        edits: &[Replace("vocab/municipalities.toml", "lat = 37.4\nlon = 140.35", "lat = 0.0\nlon = 0.0")],
        file: "vocab/municipalities.toml",
        line: 18,
        message: "municipality `koriyama` lies outside Fukushima Prefecture (lat 0, lon 0)",
        fix: "take lat and lon (decimal degrees, lat first) from the Gazetteer of Japan",
    },
    Case {
        name: "latitude 95, longitude 200",
        edits: &[Replace("vocab/municipalities.toml", "lat = 37.4\nlon = 140.35", "lat = 95.0\nlon = 200.0")],
        file: "vocab/municipalities.toml",
        line: 18,
        message: "municipality `koriyama` lies outside Fukushima Prefecture (lat 95, lon 200)",
        fix: "take lat and lon (decimal degrees, lat first) from the Gazetteer of Japan",
    },
    Case {
        name: "updated in the future",
        edits: &[Replace(FIRM, "updated = 2026-10-01", "updated = 2999-10-01")],
        file: FIRM,
        line: 14,
        message: "updated = 2999-10-01 is in the future",
        fix: "give the date the facts were last checked, today or earlier",
    },
    Case {
        name: "updated is a time of day",
        edits: &[Replace(FIRM, "updated = 2026-10-01", "updated = 10:30:00")],
        file: FIRM,
        line: 14,
        message: "updated = 10:30:00 is not a date",
        fix: "write the date alone, without quotes or a time of day, e.g. updated = 2026-10-01",
    },
    Case {
        name: "updated on 30 February",
        edits: &[Replace(FIRM, "updated = 2026-10-01", "updated = 2026-02-30")],
        file: FIRM,
        line: 14,
        message: "invalid TOML: invalid date, expected day between 01 and 28",
        fix: "check quotes, `=` signs and brackets on this line (TOML syntax)",
    },
    Case {
        name: "certificate expired in 1900",
        edits: &[Replace(FIRM, "expires = 2028-01-31", "expires = 1900-01-01")],
        file: FIRM,
        line: 18,
        message: "the `iso_13485` certification expired on 1900-01-01",
        fix: "enter the renewed certificate's expiry date, or remove the certification if the firm no longer holds it (the site shows every listed certification as held)",
    },
    Case {
        name: "founded in 2999",
        edits: &[Replace(FIRM, "founded = 1990", "founded = 2999")],
        file: FIRM,
        line: 3,
        message: "founded = 2999 is not a plausible founding year",
        fix: "give the year the firm was founded, 1600 to 2026",
    },
    Case {
        name: "founded in 1200",
        edits: &[Replace(FIRM, "founded = 1990", "founded = 1200")],
        file: FIRM,
        line: 3,
        message: "founded = 1200 is not a plausible founding year",
        fix: "give the year the firm was founded, 1600 to 2026",
    },
    Case {
        name: "export country XX",
        edits: &[Replace(FIRM, "export_countries = [\"DE\"]", "export_countries = [\"DE\", \"XX\"]")],
        file: FIRM,
        line: 10,
        message: "`XX` is not an ISO 3166-1 country code",
        fix: "use the two capital letters of an assigned ISO 3166-1 alpha-2 code, e.g. \"DE\", \"TH\", \"US\"",
    },
    Case {
        name: "export country in lower case",
        edits: &[Replace(FIRM, "export_countries = [\"DE\"]", "export_countries = [\"de\"]")],
        file: FIRM,
        line: 10,
        message: "`de` is not an ISO 3166-1 country code",
        fix: "use the two capital letters of an assigned ISO 3166-1 alpha-2 code, e.g. \"DE\", \"TH\", \"US\"",
    },
    Case {
        name: "negative number of employees",
        edits: &[Replace(FIRM, "employees = 40", "employees = -5")],
        file: FIRM,
        line: 4,
        message: "invalid TOML: invalid value: integer `-5`, expected u32",
        fix: "check quotes, `=` signs and brackets on this line (TOML syntax)",
    },
    Case {
        name: "a firm not marked fictional",
        edits: &[Replace(FIRM, "fictional = true", "fictional = false")],
        file: FIRM,
        line: 1,
        message: "firm profiles in this folder are samples and must say so",
        fix: "set fictional = true (real firms are not published here)",
    },
    Case {
        name: "unknown process id",
        edits: &[Replace(FIRM, "processes = [\"micro_machining\"]", "processes = [\"teleportation\"]")],
        file: FIRM,
        line: 6,
        message: "unknown processes id `teleportation`",
        fix: "use an id from content/vocab/processes.toml or add the term there",
    },
    Case {
        name: "unknown municipality",
        edits: &[Replace(FIRM, "municipality = \"koriyama\"", "municipality = \"atlantis\"")],
        file: FIRM,
        line: 2,
        message: "unknown municipalities id `atlantis`",
        fix: "use an id from content/vocab/municipalities.toml or add the term there",
    },
    Case {
        name: "firm e-mail that is not an address",
        edits: &[Replace(FIRM, "email = \"sales@test-firm.invalid\"", "email = \"sales at test-firm\"")],
        file: FIRM,
        line: 12,
        message: "`sales at test-firm` is not a sample address",
        fix: "sample firms use addresses ending in .invalid, e.g. \"sales@example.invalid\"",
    },
    Case {
        name: "firm website with a script address",
        edits: &[Replace(FIRM, "website = \"https://test-firm.invalid/\"", "website = \"javascript:alert(1)\"")],
        file: FIRM,
        line: 13,
        message: "`javascript:alert(1)` is not a sample web address",
        fix: "sample firms use https:// addresses ending in .invalid",
    },
    Case {
        name: "scope for a certification the firm does not hold",
        edits: &[Replace(FIRM_EN, "scopes = { iso_13485 = \"Machining\" }", "scopes = { iso_9001 = \"Machining\" }")],
        file: FIRM_EN,
        line: 4,
        message: "scope given for `iso_9001`, which the firm does not hold",
        fix: "add [[certifications]] id = \"iso_9001\" to test-firm.toml or remove the scope",
    },
    // Links between pages.
    Case {
        name: "link to a firm that does not exist",
        edits: &[Replace(ABOUT_EN, "About body.", "See [a firm](en/firms/nobody/).")],
        file: ABOUT_EN,
        line: 6,
        message: "the link `en/firms/nobody/` leads to /en/firms/nobody/, which is not a page of the site",
        fix: "write the link from the site's root with the page's language, e.g. en/programs/<slug>/, and check the slug (a page in draft or missing a language is not published)",
    },
    Case {
        name: "link from the server root",
        edits: &[Replace(ABOUT_EN, "About body.", "See [search](/en/search/).")],
        file: ABOUT_EN,
        line: 6,
        message: "the link `/en/search/` starts with `/`, which misses the site when it is hosted under a sub-path",
        fix: "write the link from the site's root with the page's language, e.g. en/programs/<slug>/, and check the slug (a page in draft or missing a language is not published)",
    },
    Case {
        name: "link above the site",
        edits: &[Replace(ABOUT_EN, "About body.", "See [up](../../etc/).")],
        file: ABOUT_EN,
        line: 6,
        message: "the link `../../etc/` leads above the site's first page",
        fix: "write the link from the site's root with the page's language, e.g. en/programs/<slug>/, and check the slug (a page in draft or missing a language is not published)",
    },
    // Site settings, figures, pages' data, vocabularies and UI strings.
    Case {
        name: "coordinator address with a hidden recipient",
        edits: &[Replace("site.toml", "\"desk@example.invalid\"", "\"desk@example.invalid?bcc=spy@example.net\"")],
        file: "site.toml",
        line: 1,
        message: "coordinator_email \"desk@example.invalid?bcc=spy@example.net\" is not one plain e-mail address: `?` is not allowed",
        fix: "write only the coordination desk's address, e.g. coordinator_email = \"desk@example.org\" (no names, second addresses or ?subject=/?bcc= parts: the address goes into every mailto: link)",
    },
    Case {
        name: "public_url that is not a web address",
        edits: &[Replace("site.toml", "\"https://example.org\"", "\"javascript:alert(1)\"")],
        file: "site.toml",
        line: 2,
        message: "public_url is not a web address",
        fix: "write the site's address, e.g. public_url = \"https://www.example.org\"",
    },
    Case {
        name: "figure dated with words",
        edits: &[Replace("figures.toml", "as_of = \"2020\"", "as_of = \"last year\"")],
        file: "figures.toml",
        line: 4,
        message: "`as_of = \"last year\"` is not a date",
        fix: "write the date of the figure as \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
    },
    Case {
        name: "program of an unknown kind",
        edits: &[Replace("programs/fair.toml", "kind = \"event\"", "kind = \"party\"")],
        file: "programs/fair.toml",
        line: 1,
        message: "unknown kind `party`",
        fix: "use program, event or training",
    },
    Case {
        name: "program under an unknown strategy",
        edits: &[Replace("programs/fair.toml", "strategy = \"first\"", "strategy = \"second\"")],
        file: "programs/fair.toml",
        line: 2,
        message: "unknown strategy `second`",
        fix: "use the slug of a strategy: first",
    },
    Case {
        name: "duplicate vocabulary id",
        edits: &[Replace("vocab/processes.toml", "id = \"cnc_milling\"", "id = \"cnc_turning\"")],
        file: "vocab/processes.toml",
        line: 12,
        message: "duplicate term id `cnc_turning` (first on line 4)",
        fix: "give each term its own id",
    },
    Case {
        name: "duplicate key in UI strings",
        edits: &[Replace("ui/en.toml", "nav_home = \"Home\"", "nav_home = \"Home\"\nnav_home = \"Again\"")],
        file: "ui/en.toml",
        line: 7,
        message: "invalid TOML: duplicate key",
        fix: "check quotes, `=` signs and brackets on this line (TOML syntax)",
    },
    Case {
        name: "UI string the site does not have",
        edits: &[Replace("ui/en.toml", "nav_home = \"Home\"", "nav_home = \"Home\"\nnav_hom = \"Home\"")],
        file: "ui/en.toml",
        line: 7,
        message: "UI string `nav_hom` is not used by the site",
        fix: "check the key's spelling against content/ui/en.toml, or remove the line (a new key needs a programmer: \
              the keys are listed in engine/src/ui_text.rs)",
    },
    Case {
        name: "UI string without its placeholder",
        edits: &[Replace("ui/de.toml", "results_count = \"{count} Treffer\"", "results_count = \"Treffer\"")],
        file: "ui/de.toml",
        line: 19,
        message: "UI string `results_count` must contain the placeholders {\"count\"}",
        fix: "keep every {name} of the English text, translated text around it",
    },
];

const SEARCH_PAGE: &str = "+++\ntitle = \"Search\"\nsummary = \"Search.\"\n+++\n";

/// 201 characters: one more than a summary may hold.
const SUMMARY_201: &str = "summary = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"";

#[test]
fn the_catalogue_holds_at_least_forty_bad_inputs() {
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let mut names: Vec<&str> = CASES.iter().map(|case| case.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "case names are unique");
}

/// Every case fails the build with exactly its error; all mismatches are reported at once.
#[test]
fn every_bad_input_gets_its_exact_error() -> Result<()> {
    let mut failures = Vec::new();
    for case in CASES {
        let fixture = Fixture::new()?;
        for edit in case.edits {
            edit.apply(&fixture)?;
        }
        // Paths are compared relative to the content folder (messages name them too).
        let root = format!("{}/", fixture.path("").display().to_string().trim_end_matches('/'));
        let errors: Vec<String> = fixture.errors().iter().map(|e| e.replace(&root, "")).collect();
        let expected = format!("{}:{}: {} — {}", case.file, case.line, case.message, case.fix);
        if !errors.contains(&expected) {
            failures.push(format!("{}: expected\n    {expected}\n  got\n    {}", case.name, errors.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), CASES.len(), failures.join("\n"));
    Ok(())
}
