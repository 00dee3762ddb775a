//! Landing pages per vocabulary term: one for each term the shipped firms carry, listing exactly
//! those firms, checked against the firms' facts with the rule written out plainly; and the
//! addresses they take are kept free.

use anyhow::Result;
use engine::landing;
use engine::model::FirmFacts;

use super::Fixture;

/// Whether a firm's facts carry term `id` of `group`, as a buyer reads its profile.
fn carries(firm: &FirmFacts, group: &str, id: &str) -> bool {
    let has = |ids: &[String]| ids.iter().any(|x| x == id);
    match group {
        "processes" => has(&firm.processes),
        "materials" => has(&firm.materials),
        "certifications" => firm.certifications.iter().any(|c| c.id == id),
        "applications" => has(&firm.applications),
        "regions" => firm.region == id,
        "municipalities" => firm.municipality == id,
        other => panic!("landing pages for `{other}` need a rule in this test"),
    }
}

#[test]
fn each_term_with_firms_has_a_page_listing_exactly_them() -> Result<()> {
    let site = sitegen::load(&xtask::workspace_root().join("content")).map_err(|e| anyhow::anyhow!("{e}"))?;
    let routes: Vec<String> = sitegen::output::routes(&site).into_iter().map(|r| r.path).collect();
    let mut pages = 0;
    for lang_site in &site.languages {
        let (lang, data) = (lang_site.lang, &lang_site.data);
        for (facet, segment) in landing::facets() {
            let terms = data.group(facet.group).map(|g| g.terms.as_slice()).unwrap_or_default();
            assert!(!terms.is_empty(), "the vocabulary `{}` is shipped", facet.group);
            for term in terms {
                let expected: Vec<&str> = data
                    .docs
                    .iter()
                    .filter(|doc| doc.firm.as_ref().is_some_and(|firm| carries(firm, facet.group, &term.id)))
                    .map(|doc| doc.id.as_str())
                    .collect();
                let page = landing::find(data, segment, &landing::slug(&term.id));
                let listed: Vec<&str> = page
                    .iter()
                    .flat_map(|page| page.firms.iter().filter_map(|&n| data.docs.get(n)).map(|doc| doc.id.as_str()))
                    .collect();
                assert_eq!(listed, expected, "{lang}/{segment}/{}: the firms listed", term.id);
                let path = format!("{lang}/{}", landing::path(segment, &term.id));
                assert_eq!(
                    routes.contains(&path),
                    !expected.is_empty(),
                    "{path}: a page exactly when firms carry the term"
                );
                pages += usize::from(page.is_some());
            }
        }
    }
    assert!(pages > 4 * 50, "pages for the terms of 40 firms in four languages: {pages}");
    Ok(())
}

#[test]
fn a_page_may_not_take_the_address_of_landing_pages() -> Result<()> {
    let fixture = Fixture::new()?;
    for lang in ["ja", "en", "de", "th"] {
        fixture
            .write(&format!("pages/processes.{lang}.md"), "+++\ntitle = \"Processes\"\nsummary = \"All.\"\n+++\n")?;
    }
    let errors = fixture.errors();
    assert!(
        errors.iter().any(|e| e.contains("`processes` is a section of the site") && e.contains("choose another slug")),
        "{errors:?}"
    );
    Ok(())
}

#[test]
fn two_term_ids_that_share_an_address_are_rejected() -> Result<()> {
    let fixture = Fixture::new()?;
    let file = "vocab/processes.toml";
    let text = std::fs::read_to_string(fixture.path(file))?;
    let text = format!(
        "{text}\n[[term]]\nid = \"cnc-turning\"\nja = \"旋盤\"\nen = \"Turning\"\nde = \"Drehen\"\nth = \"กลึง\"\n"
    );
    let line = text.lines().position(|l| l == "id = \"cnc-turning\"").map_or(0, |i| i + 1);
    fixture.write(file, &text)?;
    fixture.expect_error(file, line, "gives the same page address as `cnc_turning`", "differs in more than");
    Ok(())
}
