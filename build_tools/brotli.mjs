// Brotli at its highest quality, by Node's own zlib (the maintained implementation that Node ships), for
// build_tools/precompress.py: `node brotli.mjs jobs.json`, where jobs.json is [[source, target], …].
// Each target is written whole (a temporary file, then a rename), so that an interrupted build leaves no torn file.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const [source, target] of jobs) {
  const data = readFileSync(source);
  const compressed = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS, // a 16 MB window: the whole wasm is one context
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(`${target}.${process.pid}.tmp`, compressed);
  renameSync(`${target}.${process.pid}.tmp`, target);
}
