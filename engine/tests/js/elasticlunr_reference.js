// Reference results for the differential test (engine/tests/elasticlunr_differential.rs).
//
// Usage: node elasticlunr_reference.js <elasticlunr.js> <index.json> <queries.json>
//
// Loads an elasticlunr-rs index with elasticlunr.js 0.9.5, empties the pipeline (the Rust
// side feeds tokenizer output straight to the engine), runs every query and prints, per query,
// the tokens elasticlunr.js searched for and its hits with each score's exact IEEE-754 bits.
'use strict';

const fs = require('fs');

const [libraryPath, indexPath, queriesPath] = process.argv.slice(2);
if (!libraryPath || !indexPath || !queriesPath) {
  process.stderr.write('usage: node elasticlunr_reference.js <elasticlunr.js> <index.json> <queries.json>\n');
  process.exit(2);
}

const elasticlunr = require(libraryPath);
// Keep stdout clean JSON: elasticlunr warns about unknown config fields on the console.
elasticlunr.utils.warn = () => {};

const index = elasticlunr.Index.load(JSON.parse(fs.readFileSync(indexPath, 'utf8')));
index.pipeline.reset();
const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));

// The fixture lists fields as [name, options] pairs so that their order (which decides the
// summation order) survives JSON parsers that sort object keys; JS objects keep it.
function userConfig(config) {
  if (config === null) return undefined;
  const out = {};
  if ('bool' in config) out.bool = config.bool;
  if ('expand' in config) out.expand = config.expand;
  if ('fields' in config) {
    out.fields = {};
    for (const [name, options] of config.fields) out.fields[name] = options;
  }
  return out;
}

function bits(score) {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleBE(score);
  return buffer.toString('hex');
}

const results = queries.map(({ query, config }) => {
  const tokens = index.pipeline.run(elasticlunr.tokenizer(query));
  const hits = index.search(query, userConfig(config));
  return {
    tokens,
    hits: hits.map((hit) => ({ ref: hit.ref, score: hit.score, bits: bits(hit.score) })),
  };
});
process.stdout.write(JSON.stringify(results));
