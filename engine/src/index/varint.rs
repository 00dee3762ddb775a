//! Byte-level primitives of the binary format: LEB128 varints, length-prefixed and
//! front-coded strings. The reader bounds every length by the bytes that remain, so corrupt
//! input can neither panic nor make it allocate more than the input size.

use super::IndexError;

pub(crate) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Writes `strings` front-coded: for each, the byte length of the prefix shared with the
/// previous string (cut back to a char boundary), then the rest as length-prefixed bytes.
pub(crate) fn put_front_coded<'a>(out: &mut Vec<u8>, strings: impl IntoIterator<Item = &'a str>) {
    let mut previous = "";
    for string in strings {
        let shared = shared_prefix_len(previous, string);
        put_varint(out, shared as u64);
        put_bytes(out, string.as_bytes().get(shared..).unwrap_or_default());
        previous = string;
    }
}

/// The length of the longest common prefix of `a` and `b` that ends on a char boundary.
pub(crate) fn shared_prefix_len(a: &str, b: &str) -> usize {
    let mut shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(shared) {
        shared -= 1;
    }
    shared
}

/// How many bytes of strings the decoder may build per input byte. Front coding lets two
/// input bytes repeat a long prefix, so without a budget a small corrupt file could expand
/// into gigabytes of strings. Real indexes stay far below (about 2 for front-coded
/// vocabularies, at most 64 / 3 for copies of analyzer tokens into fields).
const STRING_BYTES_PER_INPUT_BYTE: usize = 64;

/// How many postings factorised lists may expand to per input byte (the site's tags field
/// takes about one).
const POSTINGS_PER_INPUT_BYTE: usize = 64;

/// A cursor over untrusted bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
    /// String bytes the decoder may still build.
    string_budget: usize,
    /// Postings factorised lists may still expand to.
    postings_budget: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        let string_budget = bytes.len().saturating_mul(STRING_BYTES_PER_INPUT_BYTE).saturating_add(4096);
        let postings_budget = bytes.len().saturating_mul(POSTINGS_PER_INPUT_BYTE).saturating_add(4096);
        Self { bytes, offset: 0, string_budget, postings_budget }
    }

    /// Accounts for `count` postings expanded from a reference.
    pub(crate) fn spend_postings(&mut self, count: usize, what: &'static str) -> Result<(), IndexError> {
        self.postings_budget = self.postings_budget.checked_sub(count).ok_or(IndexError::Malformed {
            what,
            offset: self.offset,
            problem: "postings expand far beyond the input size",
        })?;
        Ok(())
    }

    /// Accounts for `len` bytes of decoded strings.
    pub(crate) fn spend_string_bytes(&mut self, len: usize, what: &'static str) -> Result<(), IndexError> {
        self.string_budget = self.string_budget.checked_sub(len).ok_or(IndexError::Malformed {
            what,
            offset: self.offset,
            problem: "strings expand far beyond the input size",
        })?;
        Ok(())
    }

    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.offset)
    }

    pub(crate) fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], IndexError> {
        let end = self.offset.checked_add(len);
        let slice = end.and_then(|end| self.bytes.get(self.offset..end));
        let slice = slice.ok_or(IndexError::Truncated { what, offset: self.offset })?;
        self.offset += len;
        Ok(slice)
    }

    pub(crate) fn varint(&mut self, what: &'static str) -> Result<u64, IndexError> {
        let start = self.offset;
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1, what)?.first().unwrap_or(&0);
            let bits = u64::from(byte & 0x7F);
            if shift == 63 && bits > 1 {
                return Err(self.malformed(what, start, "varint overflows 64 bits"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    return Err(self.malformed(what, start, "overlong varint"));
                }
                return Ok(value);
            }
        }
        Err(self.malformed(what, start, "varint longer than 10 bytes"))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, IndexError> {
        let start = self.offset;
        let value = self.varint(what)?;
        u32::try_from(value).map_err(|_| self.malformed(what, start, "value exceeds 32 bits"))
    }

    /// A count of items that each take at least `min_item_bytes` bytes; bounded by the rest of
    /// the input so that corrupt counts cannot trigger huge allocations.
    pub(crate) fn count(&mut self, what: &'static str, min_item_bytes: usize) -> Result<usize, IndexError> {
        let start = self.offset;
        let count = self.varint(what)?;
        let fits = usize::try_from(count)
            .ok()
            .filter(|&count| count.saturating_mul(min_item_bytes.max(1)) <= self.remaining());
        fits.ok_or_else(|| self.malformed(what, start, "count exceeds the remaining input"))
    }

    pub(crate) fn string(&mut self, what: &'static str) -> Result<String, IndexError> {
        let len = self.count(what, 1)?;
        let start = self.offset;
        let bytes = self.take(len, what)?;
        std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| self.malformed(what, start, "invalid UTF-8"))
    }

    /// `count` front-coded strings (see [`put_front_coded`]).
    pub(crate) fn front_coded(&mut self, count: usize, what: &'static str) -> Result<Vec<String>, IndexError> {
        let mut strings: Vec<String> = Vec::with_capacity(count);
        for _ in 0..count {
            let start = self.offset;
            let shared = self.varint(what)?;
            let previous = strings.last().map_or("", String::as_str);
            let prefix = usize::try_from(shared)
                .ok()
                .filter(|&shared| previous.is_char_boundary(shared))
                .and_then(|shared| previous.get(..shared))
                .ok_or_else(|| {
                    self.malformed(what, start, "shared prefix is not a char boundary of the previous string")
                })?;
            let len = self.count(what, 1)?;
            let suffix_start = self.offset;
            let suffix = self.take(len, what)?;
            let suffix =
                std::str::from_utf8(suffix).map_err(|_| self.malformed(what, suffix_start, "invalid UTF-8"))?;
            let total = prefix.len() + suffix.len();
            self.spend_string_bytes(total, what)?;
            let mut string = String::with_capacity(total);
            string.push_str(prefix);
            string.push_str(suffix);
            strings.push(string);
        }
        Ok(strings)
    }

    pub(crate) fn malformed(&self, what: &'static str, offset: usize, problem: &'static str) -> IndexError {
        IndexError::Malformed { what, offset, problem }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_the_edges() {
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, value);
            let mut reader = Reader::new(&out);
            assert_eq!(reader.varint("v"), Ok(value));
            assert_eq!(reader.remaining(), 0);
        }
    }

    #[test]
    fn rejects_overlong_and_overflowing_varints() {
        assert!(Reader::new(&[0x80, 0x00]).varint("v").is_err());
        assert!(Reader::new(&[0xFF; 10]).varint("v").is_err());
        assert!(Reader::new(&[0xFF; 11]).varint("v").is_err());
        assert!(Reader::new(&[0x80]).varint("v").is_err());
    }

    #[test]
    fn front_coding_cannot_expand_without_bound() {
        // One 200-byte string, then 10 000 strings of two bytes each repeating all of it.
        let mut bytes = Vec::new();
        put_varint(&mut bytes, 0);
        put_bytes(&mut bytes, &[b'a'; 200]);
        for _ in 0..10_000 {
            put_varint(&mut bytes, 200);
            put_bytes(&mut bytes, &[]);
        }
        let error = Reader::new(&bytes).front_coded(10_001, "s").expect_err("budget exceeded");
        assert!(error.to_string().contains("expand"), "{error}");
    }

    #[test]
    fn front_coding_respects_char_boundaries() {
        let strings = ["射出", "射撃", "a", "ab", "abc", ""];
        let mut out = Vec::new();
        put_front_coded(&mut out, strings);
        let mut reader = Reader::new(&out);
        assert_eq!(reader.front_coded(strings.len(), "s"), Ok(strings.map(String::from).to_vec()));
        // 射 and 撃 share their first UTF-8 byte; a prefix of one byte must be rejected.
        let mut bad = Vec::new();
        put_front_coded(&mut bad, ["射"]);
        put_varint(&mut bad, 1);
        put_bytes(&mut bad, &[0x84, 0xE6]);
        assert!(Reader::new(&bad).front_coded(2, "s").is_err());
    }
}
