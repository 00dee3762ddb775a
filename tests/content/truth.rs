//! Content truth: rules that keep figures dated, sourced and readable, and the shipped content
//! held to them.

use anyhow::Result;

use super::Fixture;

#[test]
fn a_figure_source_url_must_be_an_absolute_https_address() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace(
        "figures.toml",
        "as_of = \"2020\"\n",
        "as_of = \"2020\"\nsource_url = \"http://fmddsc.jp/next-project/\"\n",
    )?;
    fixture.expect_error("figures.toml", 5, "is not an absolute https:// URL", "full https:// address");
    Ok(())
}

#[test]
fn a_figure_source_url_must_not_be_a_placeholder() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace(
        "figures.toml",
        "as_of = \"2020\"\n",
        "as_of = \"2020\"\nsource_url = \"https://figures.connected-fukushima.invalid/parts\"\n",
    )?;
    fixture.expect_error("figures.toml", 5, "is a placeholder address", "not a placeholder");
    Ok(())
}

#[test]
fn a_valid_source_url_is_accepted() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace(
        "figures.toml",
        "as_of = \"2020\"\n",
        "as_of = \"2020\"\nsource_url = \"https://fmddsc.jp/next-project/\"\n",
    )?;
    assert_eq!(fixture.errors(), Vec::<String>::new());
    Ok(())
}

/// The shipped figures: every one names the public page it comes from.
#[test]
fn every_shipped_figure_has_a_source_url() {
    let content = xtask::workspace_root().join("content");
    let mut errors = sitegen::ContentErrors::default();
    let figures = sitegen::figures::load(&content, &mut errors);
    assert!(errors.is_empty(), "{}", errors);
    assert!(!figures.is_empty());
    let missing: Vec<&str> = figures.iter().filter(|f| f.source_url().is_none()).map(|f| f.id()).collect();
    assert!(missing.is_empty(), "figures without source_url in content/figures.toml: {missing:?}");
}
