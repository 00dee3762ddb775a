//! The inquiry a buyer sends to the cluster's coordination desk: a structured message in the
//! buyer's language, and the `mailto:` address that opens it in their e-mail program.

use crate::i18n::fill;
use crate::i18n::Ui;

/// Longest single-line answer kept; the form enforces the same limit.
pub const MAX_FIELD_CHARS: usize = 200;
/// Longest free text kept.
pub const MAX_DETAILS_CHARS: usize = 2000;

/// What the buyer entered in the form (kept as a draft by `inquiry_draft`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inquiry {
    pub part: String,
    pub material: String,
    pub quantity: String,
    pub tolerance: String,
    pub certification: String,
    pub target_date: String,
    pub details: String,
}

/// A firm the inquiry is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirmRef {
    pub name: String,
    pub id: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// One line of text: control characters (line breaks too) become spaces, cut to a length.
fn one_line(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_FIELD_CHARS).collect();
    spaced.trim().to_string()
}

/// Free text: `\n` line ends, no other control characters, cut to a length.
fn paragraph(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified.chars().filter(|&c| c == '\n' || !c.is_control()).take(MAX_DETAILS_CHARS).collect();
    kept.trim().to_string()
}

/// The message, with `\n` line ends.
pub fn compose(t: &Ui, inquiry: &Inquiry, firms: &[FirmRef]) -> Message {
    let part = one_line(&inquiry.part);
    let subject = if part.is_empty() {
        t.inquiry_subject_general.to_string()
    } else {
        fill(t.inquiry_subject, &[("part", &part)])
    };
    let answer = |value: &str| {
        let value = one_line(value);
        if value.is_empty() {
            t.inquiry_unspecified.to_string()
        } else {
            value
        }
    };
    let mut lines = vec![t.inquiry_greeting.to_string(), String::new(), t.inquiry_opening.to_string(), String::new()];
    for (label, value) in [
        (t.inquiry_part, &inquiry.part),
        (t.inquiry_material, &inquiry.material),
        (t.inquiry_quantity, &inquiry.quantity),
        (t.inquiry_tolerance, &inquiry.tolerance),
        (t.inquiry_certification, &inquiry.certification),
        (t.inquiry_target_date, &inquiry.target_date),
    ] {
        lines.push(format!("{label}: {}", answer(value)));
    }
    let details = paragraph(&inquiry.details);
    if !details.is_empty() {
        lines.push(String::new());
        lines.push(format!("{}:", t.inquiry_details));
        lines.push(details);
    }
    if !firms.is_empty() {
        lines.push(String::new());
        lines.push(t.inquiry_firms_line.to_string());
        lines.extend(firms.iter().map(|f| format!("- {} ({}) {}", f.name, f.id, f.url)));
    }
    lines.push(String::new());
    lines.push(t.inquiry_closing.to_string());
    Message { subject, body: lines.join("\n") }
}

/// `mailto:` with the subject and body percent-encoded (line ends as `%0D%0A`, RFC 6068).
pub fn mailto(to: &str, message: &Message) -> String {
    let address = match to.split_once('@') {
        Some((local, domain)) => format!("{}@{}", percent_encode(local), percent_encode(domain)),
        None => String::new(),
    };
    let body = message.body.replace('\n', "\r\n");
    format!("mailto:{address}?subject={}&body={}", percent_encode(&message.subject), percent_encode(&body))
}

/// Percent-encodes every byte of the UTF-8 text except the unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::ui;
    use engine::Lang;

    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    }

    fn sample() -> (Inquiry, Vec<FirmRef>) {
        let inquiry = Inquiry {
            part: "Bone screw\nhousing".into(),
            material: "Ti-6Al-4V ELI".into(),
            quantity: "5,000 & more".into(),
            tolerance: "± 5 µm".into(),
            certification: "ISO 13485".into(),
            target_date: "2027-03-31".into(),
            details: "Line one\r\nLine two?".into(),
        };
        let firms = vec![FirmRef {
            name: "Hoshizora Micro".into(),
            id: "hoshizora-micro".into(),
            url: "https://example.org/en/firms/hoshizora-micro/".into(),
        }];
        (inquiry, firms)
    }

    #[test]
    fn composes_every_field_in_the_buyers_language() {
        let (inquiry, firms) = sample();
        let message = compose(ui(Lang::En), &inquiry, &firms);
        assert_eq!(message.subject, "Inquiry via Connected in Fukushima: Bone screw housing");
        for line in [
            "Part or component: Bone screw housing",
            "Material: Ti-6Al-4V ELI",
            "Quantity: 5,000 & more",
            "Tolerance: ± 5 µm",
            "Certification needed: ISO 13485",
            "Target date: 2027-03-31",
            "Line one\nLine two?",
            "- Hoshizora Micro (hoshizora-micro) https://example.org/en/firms/hoshizora-micro/",
        ] {
            assert!(message.body.contains(line), "missing `{line}` in:\n{}", message.body);
        }
        let german = compose(ui(Lang::De), &Inquiry::default(), &[]);
        assert_eq!(german.subject, ui(Lang::De).inquiry_subject_general);
        assert!(german.body.contains("Werkstoff: keine Angabe"), "{}", german.body);
    }

    #[test]
    fn mailto_is_fully_encoded_and_decodes_back() {
        let (inquiry, firms) = sample();
        let message = compose(ui(Lang::Ja), &inquiry, &firms);
        let link = mailto("desk@connected-fukushima.invalid", &message);
        let query = link.strip_prefix("mailto:desk@connected-fukushima.invalid?subject=").expect("address first");
        let (subject, body) = query.split_once("&body=").expect("subject then body");
        assert!(!link.contains([' ', '\n', '\r']), "no raw whitespace: {link}");
        assert_eq!(link.matches('?').count(), 1, "one query separator: {link}");
        assert_eq!(link.matches('&').count(), 1, "one parameter separator: {link}");
        assert_eq!(decode(subject), message.subject);
        assert_eq!(decode(body), message.body.replace('\n', "\r\n"));
        assert!(body.contains("%0D%0A"));
    }

    #[test]
    fn a_bad_address_gives_an_empty_recipient() {
        let message = Message { subject: "s".into(), body: "b".into() };
        assert_eq!(mailto("not an address", &message), "mailto:?subject=s&body=b");
        assert_eq!(mailto("a?b@x", &message), "mailto:a%3Fb@x?subject=s&body=b");
    }

    #[test]
    fn caps_long_input() {
        let inquiry = Inquiry { part: "x".repeat(5000), details: "y".repeat(50_000), ..Inquiry::default() };
        let message = compose(ui(Lang::Th), &inquiry, &[]);
        assert!(message.body.len() < MAX_FIELD_CHARS * 2 + MAX_DETAILS_CHARS + 2000);
    }
}
