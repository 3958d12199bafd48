// Node half of scripts/bench_schemas.sh (run it through that script).
//
// Measures, over every line of an NDJSON corpus:
//   - JSON.parse alone (the baseline), and
//   - JSON.parse + ajv 8 (Ajv2020, {allErrors: true, strict: false}, ajv-formats)
//     validating against the bundle schema,
// each as the best of REPEATS timed runs (more if they take under 1 s in all)
// after one warm-up run.
// Also times ajv's compile of the bundle, shows any warnings ajv printed while
// compiling, and counts the lines ajv finds valid (in the whole corpus, and in
// the first PY_LINES lines: the ones the Python half validates).
//
//   node bench.js CORPUS SCHEMA RESULTS_TSV     (env: REPEATS=3, PY_LINES=5000)
//
// Appends one row per contender to RESULTS_TSV:
//   contender  lines  bytes  MB/s  ratio-to-baseline  valid
"use strict";
const { readFileSync, appendFileSync } = require("node:fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [corpusPath, schemaPath, resultsPath] = process.argv.slice(2);
const repeats = Number(process.env.REPEATS ?? 3);
const pyLines = Number(process.env.PY_LINES ?? 5000);

// Decode once, outside the timed loops; count each line's UTF-8 bytes plus its newline.
const lines = readFileSync(corpusPath, "utf8").split("\n").filter((l) => l.length > 0);
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);

// One warm-up run, then the best of `repeats` timed runs, run on until they add
// up to a second at least (small corpora). Returns [seconds, result].
function best(fn) {
  let result = fn();
  let secs = Infinity;
  for (let i = 0, total = 0; i < repeats || total < 1; i++) {
    const t0 = performance.now();
    result = fn();
    const t = (performance.now() - t0) / 1e3;
    secs = Math.min(secs, t);
    total += t;
  }
  return [secs, result];
}

// Compile, catching what ajv logs (its default logger is `console`).
const warnings = [];
const { warn, log } = console;
console.warn = console.log = (...args) => warnings.push(args.join(" "));
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const t0 = performance.now();
const validate = ajv.compile(schema);
const compileMs = performance.now() - t0;
Object.assign(console, { warn, log });

console.log(`node ${process.version}, ajv ${require("ajv/package.json").version}`);
console.log(`corpus: ${lines.length} lines, ${bytes} bytes; best of >= ${repeats} runs (>= 1 s in all) after a warm-up`);
console.log(`ajv: compile(${schemaPath}): ${compileMs.toFixed(0)} ms (once, cold)`);
console.log(`ajv: ${warnings.length} warning(s) while compiling`);
for (const w of [...new Set(warnings)].slice(0, 10)) console.log(`  warning: ${w.slice(0, 300)}`);

const [parseSecs] = best(() => {
  let n = 0; // a sink, so the parse cannot be optimized away
  for (const line of lines) if (JSON.parse(line) !== null) n++;
  return n;
});
const [ajvSecs, valid] = best(() => {
  let n = 0;
  for (const line of lines) if (validate(JSON.parse(line))) n++;
  return n;
});
// The verdicts on the Python half's lines, for a like-for-like comparison.
const firstN = lines.slice(0, pyLines).filter((l) => validate(JSON.parse(l))).length;

const parseMBs = bytes / parseSecs / 1e6;
const ajvMBs = bytes / ajvSecs / 1e6;

// The machine's speed drifts between runs (±15 % seen here); the ratio is also
// taken from interleaved rounds — a parse pass and an ajv pass back to back,
// 15 times — and reported as the median round, with the lowest and highest.
const rounds = [];
for (let r = 0; r < 15; r++) {
  const t0 = performance.now();
  for (const line of lines) if (JSON.parse(line) === undefined) throw new Error("unreachable");
  const t1 = performance.now();
  for (const line of lines) validate(JSON.parse(line));
  const t2 = performance.now();
  rounds.push((t1 - t0) / (t2 - t1));
}
rounds.sort((a, b) => a - b);
const median = rounds[Math.floor(rounds.length / 2)];
console.log(`JSON.parse alone:      ${parseMBs.toFixed(1)} MB/s`);
console.log(`JSON.parse + ajv:      ${ajvMBs.toFixed(1)} MB/s  (ajv/JSON.parse = ${(ajvMBs / parseMBs).toFixed(3)})`);
console.log(`ajv valid: ${valid} of ${lines.length} lines; ${firstN} of the first ${Math.min(pyLines, lines.length)}`);
console.log(`ajv/JSON.parse over 15 interleaved rounds: median ${median.toFixed(3)} (lowest ${rounds[0].toFixed(3)}, highest ${rounds[rounds.length - 1].toFixed(3)})`);

appendFileSync(resultsPath,
  `node JSON.parse\t${lines.length}\t${bytes}\t${parseMBs.toFixed(2)}\t1.000\t-\n` +
  `node ajv\t${lines.length}\t${bytes}\t${ajvMBs.toFixed(2)}\t${(ajvMBs / parseMBs).toFixed(3)}\t${valid}\n`);
