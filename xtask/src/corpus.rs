//! A seeded generator of synthetic firm profiles and buyer queries, for `cargo xtask bench`.
//!
//! Profiles are built from the real vocabularies (`content/vocab`): each firm gets random
//! processes, materials, applications, certifications, roles, a municipality and a head count;
//! its title is a made-up Japanese-sounding name, its summary and body are sentences in the
//! site's language that name its terms (labels, sometimes a synonym), part names, numbers and
//! stock sentences. The indexed text is laid out exactly as the site builder lays out a firm
//! (`sitegen::site`): title, tags (every name of every term the firm has, in all languages,
//! plus equipment and cleanroom class), summary, body. The same seed gives the same corpus.

use std::collections::BTreeSet;

use engine::facets::{Selection, FACETS};
use engine::fields::{field_texts, firm_texts};
use engine::groups::firm_values;
use engine::lang::Script;
use engine::model::{Certification, Cleanroom, Doc, DocKind, FirmFacts};
use engine::Lang;
use sitegen::index_build::IndexedDoc;
use sitegen::vocab::{VocabTerm, Vocabularies};

/// splitmix64: small, fast and good enough to pick words.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// Between `lo` and `hi` distinct items (fewer if there are fewer), in random order.
    pub fn sample<'a, T>(&mut self, items: &'a [T], lo: usize, hi: usize) -> Vec<&'a T> {
        let n = self.between(lo, hi);
        let mut order: Vec<usize> = (0..items.len()).collect();
        for i in 0..order.len().min(n) {
            let j = i + self.below(order.len() - i);
            order.swap(i, j);
        }
        order.into_iter().take(n).filter_map(|i| items.get(i)).collect()
    }
}

/// One synthetic language site: the facet data and the indexed text, in the same order.
pub struct Corpus {
    pub lang: Lang,
    pub docs: Vec<Doc>,
    pub indexed: Vec<IndexedDoc>,
}

/// The words of one language.
struct Words {
    summary: &'static str,
    templates: &'static [&'static str],
    filler: &'static [&'static str],
    parts: &'static [&'static str],
    /// A buyer's sentence around `{name}`, with a word no generated profile has.
    sentence: &'static str,
}

/// The corpus's words per language code; a language without its own gets English text.
const WORDS: [(&str, &Words); 4] = [("ja", &JA), ("en", &EN), ("de", &DE), ("th", &TH)];

fn words(lang: Lang) -> &'static Words {
    WORDS.iter().find(|(code, _)| *code == lang.code()).map_or(&EN, |(_, words)| words)
}

const EN: Words = Words {
    summary: "{P} and {P} of {M} for {A}, in {C}.",
    templates: &[
        "We specialise in {P} and {P} for {A} customers, mostly in {M}.",
        "Typical parts are {part} and {part} made from {M}, with tolerances of ±{U} µm.",
        "Founded in {Y} in {C}, the company employs {N} people.",
        "Our {P} line runs in two shifts and handles lots from {N} to {L} pieces.",
        "Customers in Germany, the United States and Thailand use our {S} work for {A}.",
        "Since {Y} we have also offered {P} ({S}) for {part}.",
    ],
    filler: &[
        "Every lot is traceable from the material certificate to final inspection.",
        "Inspection reports and certificates of conformity are available in English.",
        "We support process validation (IQ/OQ/PQ) on request.",
        "Prototypes are usually ready within two to four weeks.",
        "Our engineers review drawings and suggest changes that make parts easier to manufacture.",
        "Small lots and urgent repeat orders are welcome.",
        "We have supplied medical device makers for more than twenty years.",
        "Visitors are welcome; the nearest station is a short taxi ride away.",
    ],
    parts: &[
        "bone screws",
        "housings",
        "valve bodies",
        "connectors",
        "shafts",
        "clips",
        "brackets",
        "nozzles",
        "covers",
        "pins",
        "springs",
        "sleeves",
        "tubes",
        "lenses",
        "gears",
        "frames",
    ],
    sentence: "who can make {name} parts for sprockets",
};

const DE: Words = Words {
    summary: "{P} und {P} von {M} für {A} in {C}.",
    templates: &[
        "Wir sind spezialisiert auf {P} und {P} für Kunden aus dem Bereich {A}, meist in {M}.",
        "Typische Teile sind {part} und {part} aus {M}, mit Toleranzen von ±{U} µm.",
        "Das Unternehmen wurde {Y} in {C} gegründet und beschäftigt {N} Mitarbeitende.",
        "Unsere Linie für {P} arbeitet im Zweischichtbetrieb und fertigt Lose von {N} bis {L} Stück.",
        "Kunden in Deutschland, den USA und Thailand nutzen unsere Erfahrung mit {S} für {A}.",
        "Seit {Y} bieten wir auch {P} ({S}) für {part} an.",
    ],
    filler: &[
        "Jede Charge ist vom Materialzeugnis bis zur Endprüfung rückverfolgbar.",
        "Prüfberichte und Konformitätsbescheinigungen gibt es auch auf Englisch.",
        "Auf Wunsch unterstützen wir die Prozessvalidierung (IQ/OQ/PQ).",
        "Prototypen sind in der Regel innerhalb von zwei bis vier Wochen fertig.",
        "Unsere Ingenieure prüfen Zeichnungen und schlagen fertigungsgerechte Änderungen vor.",
        "Kleine Serien und eilige Wiederholaufträge sind willkommen.",
        "Seit mehr als zwanzig Jahren beliefern wir Medizinproduktehersteller.",
        "Besucher sind willkommen; der nächste Bahnhof ist eine kurze Taxifahrt entfernt.",
    ],
    parts: &[
        "Knochenschrauben",
        "Gehäuse",
        "Ventilkörper",
        "Steckverbinder",
        "Wellen",
        "Klammern",
        "Halterungen",
        "Düsen",
        "Abdeckungen",
        "Stifte",
        "Federn",
        "Hülsen",
        "Rohre",
        "Linsen",
        "Zahnräder",
        "Rahmen",
    ],
    sentence: "Wer fertigt {name} Teile für Zahnräder",
};

const JA: Words = Words {
    summary: "{C}の{A}向け{M}の{P}・{P}。",
    templates: &[
        "当社は{A}向けの{P}と{P}を専門とし、主に{M}を扱っています。",
        "代表的な製品は{M}製の{part}や{part}で、公差は±{U} µmです。",
        "{Y}年に{C}で創業し、従業員は{N}名です。",
        "{P}のラインは2交代で稼働し、{N}個から{L}個までのロットに対応します。",
        "ドイツ、米国、タイのお客様に{S}の技術で{A}分野の部品を供給しています。",
        "{Y}年からは{part}の{P}({S})も手がけています。",
    ],
    filler: &[
        "材料のミルシートから最終検査まで全ロットのトレーサビリティを確保しています。",
        "検査成績書や適合証明書は英語版もご用意できます。",
        "ご要望に応じてプロセスバリデーション(IQ/OQ/PQ)にも対応します。",
        "試作品は通常2〜4週間でお届けします。",
        "技術者が図面を確認し、加工しやすい形状をご提案します。",
        "小ロットや短納期のリピート注文も歓迎します。",
        "20年以上にわたり医療機器メーカーに部品を供給してきました。",
        "工場見学も歓迎します。最寄り駅からタクシーで10分です。",
    ],
    parts: &[
        "骨接合用スクリュー",
        "ハウジング",
        "バルブ本体",
        "コネクタ",
        "シャフト",
        "クリップ",
        "ブラケット",
        "ノズル",
        "カバー",
        "ピン",
        "ばね",
        "スリーブ",
        "チューブ",
        "レンズ",
        "ギア",
        "フレーム",
    ],
    sentence: "{name}の部品を歯車向けに作れる会社",
};

const TH: Words = Words {
    summary: "{P}และ{P} {M} สำหรับ{A} ที่{C}",
    templates: &[
        "บริษัทเชี่ยวชาญด้าน{P}และ{P} สำหรับลูกค้ากลุ่ม{A} โดยใช้{M}เป็นหลัก",
        "ชิ้นงานหลัก ได้แก่ {part}และ{part}จาก{M} ความแม่นยำ ±{U} ไมโครเมตร",
        "บริษัทก่อตั้งที่{C}ในปี {Y} มีพนักงาน {N} คน",
        "ไลน์{P}ทำงานสองกะ ผลิตได้ล็อตละ {N} ถึง {L} ชิ้น",
        "ลูกค้าในเยอรมนี สหรัฐอเมริกา และไทย ใช้ความเชี่ยวชาญด้าน {S} ของบริษัทสำหรับ{A}",
        "ตั้งแต่ปี {Y} บริษัทรับงาน{P} ({S}) สำหรับ{part}ด้วย",
    ],
    filler: &[
        "ทุกล็อตตรวจสอบย้อนกลับได้ตั้งแต่ใบรับรองวัสดุจนถึงการตรวจสอบขั้นสุดท้าย",
        "จัดทำรายงานผลการตรวจสอบและใบรับรองความสอดคล้องเป็นภาษาอังกฤษได้",
        "พร้อมสนับสนุนการตรวจรับรองกระบวนการ (IQ/OQ/PQ) ตามที่ลูกค้าต้องการ",
        "ต้นแบบมักพร้อมภายในสองถึงสี่สัปดาห์",
        "วิศวกรของบริษัทตรวจแบบและเสนอการปรับแบบให้ผลิตได้ง่ายขึ้น",
        "ยินดีรับงานล็อตเล็กและงานสั่งซ้ำเร่งด่วน",
        "บริษัทส่งชิ้นส่วนให้ผู้ผลิตเครื่องมือแพทย์มานานกว่ายี่สิบปี",
        "ยินดีต้อนรับผู้เยี่ยมชมโรงงาน สถานีที่ใกล้ที่สุดอยู่ไม่ไกล",
    ],
    parts: &[
        "สกรูยึดกระดูก",
        "ตัวเรือน",
        "ตัววาล์ว",
        "หัวต่อ",
        "เพลา",
        "คลิป",
        "ขายึด",
        "หัวฉีด",
        "ฝาครอบ",
        "หมุด",
        "สปริง",
        "ปลอก",
        "ท่อ",
        "เลนส์",
        "เฟือง",
        "โครง",
    ],
    sentence: "ใครผลิตชิ้นส่วน{name}สำหรับเฟือง",
};

/// Syllables of made-up firm names: romaji, katakana, Thai.
const SYLLABLES: [(&str, &str, &str); 24] = [
    ("ka", "カ", "คา"),
    ("ki", "キ", "คิ"),
    ("ku", "ク", "คุ"),
    ("ko", "コ", "โค"),
    ("sa", "サ", "ซา"),
    ("shi", "シ", "ชิ"),
    ("su", "ス", "ซุ"),
    ("se", "セ", "เซ"),
    ("ta", "タ", "ทา"),
    ("to", "ト", "โท"),
    ("te", "テ", "เท"),
    ("na", "ナ", "นา"),
    ("no", "ノ", "โน"),
    ("ha", "ハ", "ฮา"),
    ("hi", "ヒ", "ฮิ"),
    ("ma", "マ", "มา"),
    ("mi", "ミ", "มิ"),
    ("mo", "モ", "โม"),
    ("ya", "ヤ", "ยา"),
    ("yu", "ユ", "ยู"),
    ("ra", "ラ", "รา"),
    ("ri", "リ", "ริ"),
    ("wa", "ワ", "วา"),
    ("zu", "ズ", "ซึ"),
];

/// Legal-name endings: English (also used on the German site), Japanese, Thai.
const SUFFIXES: [(&str, &str, &str); 7] = [
    ("Precision Co., Ltd.", "精密株式会社", "พรีซิชัน"),
    ("Medical Co., Ltd.", "メディカル株式会社", "เมดิคัล"),
    ("Industries Co., Ltd.", "工業株式会社", "อินดัสทรีส์"),
    ("Works Ltd.", "製作所", "เวิร์กส์"),
    ("Technologies Inc.", "技研株式会社", "เทคโนโลยีส์"),
    ("Electronics Co., Ltd.", "電子株式会社", "อิเล็กทรอนิกส์"),
    ("Plastics Co., Ltd.", "樹脂工業株式会社", "พลาสติกส์"),
];

/// A made-up firm name in romaji and katakana and Thai script.
fn firm_name(rng: &mut Rng) -> (String, String, String) {
    let (mut latin, mut kana, mut thai) = (String::new(), String::new(), String::new());
    for _ in 0..rng.between(2, 4) {
        if let Some((l, k, t)) = rng.pick(&SYLLABLES) {
            latin.push_str(l);
            kana.push_str(k);
            thai.push_str(t);
        }
    }
    let mut chars = latin.chars();
    let latin = chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default();
    (latin, kana, thai)
}

/// The terms one firm has.
struct Firm<'a> {
    processes: Vec<&'a VocabTerm>,
    materials: Vec<&'a VocabTerm>,
    applications: Vec<&'a VocabTerm>,
    certifications: Vec<&'a VocabTerm>,
    roles: Vec<&'a VocabTerm>,
    regulatory: Vec<&'a VocabTerm>,
    events: Vec<&'a VocabTerm>,
    municipality: Option<&'a VocabTerm>,
    region: Option<&'a VocabTerm>,
    band: Option<&'a VocabTerm>,
}

/// `count` firm profiles in `lang`, the same for the same seed.
pub fn generate(vocab: &Vocabularies, lang: Lang, count: usize, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed ^ (lang as u64 + 1).wrapping_mul(0x1000_0000_01B3));
    let mut docs = Vec::with_capacity(count);
    let mut indexed = Vec::with_capacity(count);
    for n in 0..count {
        let id = format!("firm-{n:07}");
        let (doc, text) = firm(vocab, lang, &id, &mut rng);
        docs.push(doc);
        indexed.push(text);
    }
    Corpus { lang, docs, indexed }
}

fn firm(vocab: &Vocabularies, lang: Lang, id: &str, rng: &mut Rng) -> (Doc, IndexedDoc) {
    let planned = plan_firm(vocab, rng);
    let FirmTexts { title, summary, body, equipment } = texts_of(&planned, lang, rng);
    let mut facts = planned.facts;
    facts.equipment = equipment;
    // The site's own recipe, so the corpus's index is built as the site's is.
    let (tags, place) =
        firm_texts(&facts, |group, id| vocab.term(group, id).into_iter().flat_map(VocabTerm::all_names));
    let indexed = IndexedDoc {
        reference: format!("firms/{id}"),
        fields: field_texts(&title, &summary, &body, Some((&tags, &place))),
    };
    // The body lives in the index text only: facets never read it.
    let doc = Doc {
        id: id.to_string(),
        kind: DocKind::Firm,
        title,
        summary,
        body_html: String::new(),
        body_text: String::new(),
        firm: Some(facts),
        program: None,
        institution: None,
        order: 0,
    };
    (doc, indexed)
}

/// A firm's facts, picked once for every language (its texts come from [`texts_of`]).
pub struct PlannedFirm<'a> {
    firm: Firm<'a>,
    /// Everything but the equipment, whose names are in the text's language.
    pub facts: FirmFacts,
    name: (String, String, String),
    suffix: (&'static str, &'static str, &'static str),
}

/// One language's texts of a planned firm.
pub struct FirmTexts {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub equipment: Vec<String>,
}

/// Picks a firm's terms, size, place and name.
pub fn plan_firm<'a>(vocab: &'a Vocabularies, rng: &mut Rng) -> PlannedFirm<'a> {
    let employees = [rng.between(3, 49), rng.between(50, 299), rng.between(300, 1500)][rng.below(10).min(9) / 4];
    let municipality = rng.pick(vocab.terms("municipalities"));
    let region = municipality.and_then(|m| m.region.as_deref()).and_then(|r| vocab.term("regions", r));
    let firm = Firm {
        processes: rng.sample(vocab.terms("processes"), 1, 6),
        materials: rng.sample(vocab.terms("materials"), 0, 5),
        applications: rng.sample(vocab.terms("applications"), 1, 4),
        certifications: rng.sample(vocab.terms("certifications"), 0, 3),
        roles: rng.sample(vocab.terms("roles"), 1, 2),
        regulatory: rng.sample(vocab.terms("regulatory"), 0, 1),
        events: rng.sample(vocab.terms("events"), 0, 2),
        municipality,
        region,
        band: vocab.employee_band(employees as u32),
    };
    let cleanroom = firm
        .processes
        .iter()
        .any(|p| p.id == "cleanroom_assembly")
        .then(|| Cleanroom { iso_class: rng.between(5, 8) as u8, area_m2: Some(rng.between(50, 900) as u32) });
    let name = firm_name(rng);
    let suffix = *rng.pick(&SUFFIXES).unwrap_or(&SUFFIXES[0]);
    let ids = |terms: &[&VocabTerm]| terms.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    let term_id = |term: Option<&VocabTerm>| term.map(|t| t.id.clone()).unwrap_or_default();
    let facts = FirmFacts {
        fictional: true,
        municipality: term_id(firm.municipality),
        region: term_id(firm.region),
        employees: employees as u32,
        employee_band: term_id(firm.band),
        roles: ids(&firm.roles),
        processes: ids(&firm.processes),
        materials: ids(&firm.materials),
        applications: ids(&firm.applications),
        certifications: firm
            .certifications
            .iter()
            .map(|c| Certification { id: c.id.clone(), expires: None, scope: None })
            .collect(),
        regulatory: ids(&firm.regulatory),
        events: ids(&firm.events),
        cleanroom,
        ..FirmFacts::default()
    };
    PlannedFirm { firm, facts, name, suffix }
}

/// A planned firm's name, summary, body and equipment in `lang`.
pub fn texts_of(planned: &PlannedFirm, lang: Lang, rng: &mut Rng) -> FirmTexts {
    let ((latin, kana, thai), (suffix_en, suffix_ja, suffix_th)) = (&planned.name, planned.suffix);
    let firm = &planned.firm;
    let script = lang.profile().script;
    let title = match script {
        Script::Cjk => format!("{kana}{suffix_ja}"),
        Script::Latin => format!("{latin} {suffix_en}"),
        Script::Thai => format!("{latin} {suffix_en} ({thai} {suffix_th})"),
    };
    let words = words(lang);
    let mut summary = fill(words.summary, lang, firm, rng);
    if let Some(cert) = firm.certifications.first() {
        summary.push(' ');
        summary.push_str(cert.label(lang));
    }
    let mut body = String::new();
    for _ in 0..rng.between(6, 12) {
        let sentence = if rng.chance(55) {
            fill(rng.pick(words.templates).copied().unwrap_or_default(), lang, firm, rng)
        } else {
            rng.pick(words.filler).copied().unwrap_or_default().to_string()
        };
        if !body.is_empty() {
            body.push(if script == Script::Cjk { '\n' } else { ' ' });
        }
        body.push_str(&sentence);
    }
    let equipment: Vec<String> =
        firm.processes.iter().take(3).map(|p| format!("{} ({})", p.label(lang), rng.between(1, 12))).collect();
    FirmTexts { title, summary, body, equipment }
}

/// Fills `{P}` (process), `{M}` (material), `{A}` (application), `{C}` (municipality), `{S}` (a
/// synonym of one of the firm's terms), `{part}`, `{U}` (µm), `{Y}` (year), `{N}`, `{L}` (numbers);
/// each placeholder gets its own pick.
fn fill(template: &str, lang: Lang, firm: &Firm, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else { break };
        let key = &rest[start + 1..start + len];
        let label = |terms: &[&VocabTerm], rng: &mut Rng| rng.pick(terms).map(|t| t.label(lang).to_string());
        let value = match key {
            "P" => label(&firm.processes, rng),
            "M" => label(&firm.materials, rng).or_else(|| label(&firm.processes, rng)),
            "A" => label(&firm.applications, rng),
            "C" => firm.municipality.map(|t| t.label(lang).to_string()),
            "S" => {
                let terms: Vec<&VocabTerm> = firm.processes.iter().chain(&firm.materials).copied().collect();
                rng.pick(&terms).and_then(|t| rng.pick(&t.synonyms)).cloned()
            }
            "part" => rng.pick(words(lang).parts).map(|p| p.to_string()),
            "U" => Some(rng.between(1, 20).to_string()),
            "Y" => Some(rng.between(1950, 2024).to_string()),
            "N" => Some(rng.between(5, 900).to_string()),
            "L" => Some((rng.between(1, 500) * 1000).to_string()),
            _ => None,
        };
        out.push_str(value.as_deref().unwrap_or_default());
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// What a benchmark query stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QueryKind {
    Exact,
    Prefix,
    Typo,
    Faceted,
    Sentence,
}

impl QueryKind {
    pub const ALL: [QueryKind; 5] =
        [QueryKind::Exact, QueryKind::Prefix, QueryKind::Typo, QueryKind::Faceted, QueryKind::Sentence];

    pub fn name(self) -> &'static str {
        match self {
            QueryKind::Exact => "exact",
            QueryKind::Prefix => "prefix",
            QueryKind::Typo => "typo",
            QueryKind::Faceted => "faceted",
            QueryKind::Sentence => "sentence",
        }
    }
}

/// A query as a buyer types it, with the facet values ticked.
#[derive(Clone, Debug)]
pub struct Query {
    pub kind: QueryKind,
    pub text: String,
    pub selection: Selection,
    /// What the buyer is after, for judging the results.
    pub about: About,
}

/// What a generated query asks for: the firms a buyer typing it wants to find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum About {
    /// Firms carrying any of these vocabulary terms (group, term id): every term with the
    /// name (or, for a misspelt word, with the word in one of its names).
    Terms(Vec<(&'static str, String)>),
    /// Firms whose name starts with this word.
    Name(String),
}

impl About {
    /// Whether `doc` is what the query asks for, within the query's ticked facet values.
    pub fn is_relevant(&self, doc: &Doc, selection: &Selection) -> bool {
        let Some(firm) = doc.firm.as_ref() else { return false };
        let ticked = FACETS
            .iter()
            .zip(selection)
            .all(|(facet, values)| values.is_empty() || facet.values(firm).iter().any(|value| values.contains(*value)));
        ticked
            && match self {
                About::Terms(terms) => terms.iter().any(|(group, id)| firm_values(firm, group).contains(&id.as_str())),
                About::Name(word) => doc.title.starts_with(word.as_str()),
            }
    }
}

/// The vocabulary groups queries name.
const QUERY_GROUPS: [&str; 4] = ["processes", "materials", "applications", "certifications"];

/// Every term of the query groups with a name satisfying `named`.
fn terms_named(vocab: &Vocabularies, named: impl Fn(&VocabTerm) -> bool) -> About {
    let terms = QUERY_GROUPS
        .iter()
        .flat_map(|&group| {
            vocab.terms(group).iter().filter(|term| named(term)).map(move |term| (group, term.id.clone()))
        })
        .collect();
    About::Terms(terms)
}

/// `count` queries for a corpus of `lang`, the kinds in turn: a word or two of a vocabulary
/// name in the site's script (or a firm's name), the first part of one, a Latin-script name
/// with one edit, a word with one or two facet values ticked, and a buyer's sentence around a
/// name (question and generic words, one word no profile has: the graceful ranking's work).
pub fn queries(vocab: &Vocabularies, corpus: &Corpus, count: usize, seed: u64) -> Vec<Query> {
    let lang = corpus.lang;
    let mut rng = Rng::new(seed.wrapping_add(0x5EED) ^ (lang as u64 + 7).wrapping_mul(0x9E37_79B9));
    let names: Vec<&str> = QUERY_GROUPS
        .iter()
        .flat_map(|g| vocab.terms(g))
        .flat_map(|t| std::iter::once(t.label(lang)).chain(t.synonyms.iter().map(String::as_str)))
        .filter(|name| in_script(lang, name))
        .collect();
    let latin: Vec<&str> = QUERY_GROUPS
        .iter()
        .flat_map(|g| vocab.terms(g))
        .flat_map(VocabTerm::all_names)
        .flat_map(str::split_whitespace)
        .filter(|w| w.chars().count() >= 5 && w.chars().all(|c| c.is_alphabetic() && c.is_ascii()))
        .collect();
    let facetable: Vec<(usize, &str)> = ["process", "material", "cert", "region", "size"]
        .iter()
        .filter_map(|param| FACETS.iter().position(|f| f.param == *param))
        .filter_map(|slot| FACETS.get(slot).map(|f| (slot, f.group)))
        .collect();
    // A name's terms: those that have it as this language's label or as a synonym.
    let named =
        |name: &str| terms_named(vocab, |term| term.label(lang) == name || term.synonyms.iter().any(|s| s == name));

    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let kind = QueryKind::ALL[n % QueryKind::ALL.len()];
        let mut selection = Selection::default();
        let (text, about) = match kind {
            QueryKind::Exact => exact(&names, corpus, &mut rng, named),
            QueryKind::Prefix => {
                let (text, about) = exact(&names, corpus, &mut rng, named);
                (prefix(lang, &text), about)
            }
            QueryKind::Typo => {
                let word = rng.pick(&latin).copied().unwrap_or("titanium");
                let about =
                    terms_named(vocab, |term| term.all_names().flat_map(str::split_whitespace).any(|w| w == word));
                (typo(word, &mut rng), about)
            }
            QueryKind::Faceted => {
                for &(slot, group) in rng.sample(&facetable, 1, 2) {
                    if let (Some(term), Some(values)) = (rng.pick(vocab.terms(group)), selection.get_mut(slot)) {
                        values.insert(term.id.clone());
                    }
                }
                exact(&names, corpus, &mut rng, named)
            }
            QueryKind::Sentence => {
                let (text, about) = exact(&names, corpus, &mut rng, named);
                (words(lang).sentence.replace("{name}", &text), about)
            }
        };
        out.push(Query { kind, text, selection, about });
    }
    out
}

/// A vocabulary name cut to its first two words (without brackets), or one word of a firm name;
/// with what it asks for (`named` gives a vocabulary name's terms).
fn exact(names: &[&str], corpus: &Corpus, rng: &mut Rng, named: impl Fn(&str) -> About) -> (String, About) {
    if rng.chance(15) {
        if let Some(doc) = rng.pick(&corpus.docs) {
            let title = doc.title.split(['(', ' ']).next().unwrap_or_default();
            // A Japanese name: its katakana part, as a buyer would type it.
            let word: String = title.chars().take_while(|c| !('\u{4E00}'..='\u{9FFF}').contains(c)).collect();
            return (word.clone(), About::Name(word));
        }
    }
    let name = rng.pick(names).copied().unwrap_or("titanium");
    let cleaned: String = name.chars().map(|c| if "()（）/,".contains(c) { ' ' } else { c }).collect();
    (cleaned.split_whitespace().take(2).collect::<Vec<_>>().join(" "), named(name))
}

/// The first part of the first word, as typed so far: half a Latin word (at least 4 letters),
/// two CJK characters, three Thai characters.
fn prefix(lang: Lang, text: &str) -> String {
    let word: Vec<char> = text.split_whitespace().next().unwrap_or_default().chars().collect();
    let thai = word.iter().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(c));
    let latin = word.iter().all(|c| c.is_ascii() || c.is_alphabetic() && (*c as u32) < 0x250);
    let keep = if latin {
        (word.len() / 2).max(4)
    } else if thai || lang.profile().script == Script::Thai {
        3
    } else {
        2
    };
    word.iter().take(keep.min(word.len())).collect()
}

/// One edit (drop, replace or swap) inside a word, never at its first letter.
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.to_lowercase().chars().collect();
    if chars.len() < 3 {
        return chars.into_iter().collect();
    }
    let at = rng.between(1, chars.len() - 2);
    match rng.below(3) {
        0 => {
            chars.remove(at);
        }
        1 => chars[at] = if chars[at] == 'e' { 'a' } else { 'e' },
        _ => chars.swap(at, at + 1),
    }
    chars.into_iter().collect()
}

/// Whether a name is written in the script a visitor of `lang`'s site types.
fn in_script(lang: Lang, name: &str) -> bool {
    let cjk = |c: char| ('\u{3040}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let thai = |c: char| ('\u{0E00}'..='\u{0E7F}').contains(&c);
    match lang.profile().script {
        Script::Cjk => name.chars().any(cjk),
        Script::Thai => name.chars().any(thai),
        Script::Latin => !name.chars().any(|c| cjk(c) || thai(c)),
    }
}

/// Ticked values of a selection, for reports (`process=edm`).
pub fn describe(selection: &Selection) -> String {
    let set: BTreeSet<String> = FACETS
        .iter()
        .zip(selection)
        .flat_map(|(facet, values)| values.iter().map(move |v| format!("{}={v}", facet.param)))
        .collect();
    set.into_iter().collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabularies {
        let mut errors = sitegen::ContentErrors::default();
        let content = crate::workspace_root().join("content");
        let languages = sitegen::settings::load(&content, &mut errors).languages;
        let vocab = Vocabularies::load(&content, &languages, &mut errors);
        assert!(errors.is_empty(), "{errors}");
        vocab
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let vocab = vocab();
        for lang in Lang::ALL {
            let a = generate(&vocab, lang, 20, 7);
            let b = generate(&vocab, lang, 20, 7);
            assert_eq!(a.docs, b.docs);
            assert_eq!(
                a.indexed.iter().map(|d| &d.fields).collect::<Vec<_>>(),
                b.indexed.iter().map(|d| &d.fields).collect::<Vec<_>>()
            );
            let c = generate(&vocab, lang, 20, 8);
            assert_ne!(a.docs, c.docs);
            let qa: Vec<String> = queries(&vocab, &a, 40, 7).into_iter().map(|q| q.text).collect();
            let qb: Vec<String> = queries(&vocab, &b, 40, 7).into_iter().map(|q| q.text).collect();
            assert_eq!(qa, qb);
            assert!(qa.iter().all(|q| !q.trim().is_empty()), "{qa:?}");
        }
    }

    #[test]
    fn every_query_says_which_firms_it_asks_for() {
        let vocab = vocab();
        for lang in Lang::ALL {
            let corpus = generate(&vocab, lang, 200, 3);
            for query in queries(&vocab, &corpus, 60, 3) {
                let relevant = corpus.docs.iter().filter(|doc| query.about.is_relevant(doc, &Selection::default()));
                match &query.about {
                    // A name query is cut from a firm's name, so that firm at least is relevant.
                    About::Name(word) => {
                        assert!(relevant.count() >= 1, "{lang} {word:?}");
                        let typed = match query.kind {
                            QueryKind::Prefix => word.starts_with(query.text.as_str()),
                            _ => query.text.contains(word.as_str()),
                        };
                        assert!(typed, "{lang} {query:?}");
                    }
                    About::Terms(terms) => assert!(!terms.is_empty(), "{lang} {query:?}"),
                }
            }
        }
    }

    #[test]
    fn a_firm_is_relevant_for_its_terms_within_the_ticked_values() {
        let vocab = vocab();
        let corpus = generate(&vocab, Lang::En, 40, 2);
        let doc = corpus.docs.iter().find(|doc| doc.firm.is_some()).unwrap();
        let firm = doc.firm.as_ref().unwrap();
        let process = firm.processes[0].clone();
        let about = About::Terms(vec![("processes", process.clone())]);
        assert!(about.is_relevant(doc, &Selection::default()));
        assert!(!About::Terms(vec![("processes", "no-such-term".into())]).is_relevant(doc, &Selection::default()));
        let slot = FACETS.iter().position(|facet| facet.group == "processes").unwrap();
        let mut selection = Selection::default();
        selection[slot].insert(process);
        assert!(about.is_relevant(doc, &selection));
        selection[slot] = BTreeSet::from(["no-such-term".to_string()]);
        assert!(!about.is_relevant(doc, &selection), "a firm outside the ticked values is not what was asked for");
    }

    #[test]
    fn profiles_name_their_terms() {
        let vocab = vocab();
        let corpus = generate(&vocab, Lang::En, 5, 1);
        for (doc, text) in corpus.docs.iter().zip(&corpus.indexed) {
            let firm = doc.firm.as_ref().unwrap();
            assert!(!firm.processes.is_empty() && !firm.region.is_empty() && !firm.employee_band.is_empty());
            let process = vocab.term("processes", &firm.processes[0]).unwrap();
            assert!(text.fields[1].contains(process.label(Lang::Ja)));
            assert!(text.reference.ends_with(&doc.id));
        }
    }

    #[test]
    fn typos_and_prefixes() {
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let t = typo("titanium", &mut rng);
            assert!(t.starts_with('t') && t != "titanium" && t.len() >= 7, "{t}");
        }
        assert_eq!(prefix(Lang::En, "electropolishing line"), "electrop");
        assert_eq!(prefix(Lang::En, "PEEK"), "PEEK");
        assert_eq!(prefix(Lang::Ja, "射出成形"), "射出");
        assert_eq!(prefix(Lang::Th, "ไทเทเนียม"), "ไทเ");
    }
}
