//! Content safety: nothing injected, nothing impossible published, and errors that name their
//! cause once. Each rule has a failing fixture that checks the file, the line and the fix.

use anyhow::Result;

use super::Fixture;

#[test]
fn the_coordinator_address_is_one_plain_address() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("site.toml", "\"desk@example.invalid\"", "\"desk@example.invalid?bcc=spy@example.net\"")?;
    fixture.expect_error("site.toml", 1, "is not one plain e-mail address: `?` is not allowed", "desk@example.org");
    Ok(())
}
