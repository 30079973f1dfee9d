// Reads Dendro's Arrow IPC stream downloads with polars for JavaScript (the npm package
// nodejs-polars, readIPCStream) and prints, as one JSON array on stdout, what ArrowDownloadTest
// asserts about each file.
//   node read-polars.mjs NPM_DIR --probe       exits 0 and prints the version when the native library loads
//   node read-polars.mjs NPM_DIR FILE...       one summary per file
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [npmDir, ...files] = process.argv.slice(2);
const require = createRequire(join(resolve(npmDir), 'package.json'));
const pl = require('nodejs-polars'); // loads the prebuilt native library, or throws

if (files[0] === '--probe') {
    console.log(require('nodejs-polars/package.json').version);
    process.exit(0);
}

function summary(file) {
    const df = pl.readIPCStream(readFileSync(file));
    const fields = df.columns.map((name) => {
        const s = df.getColumn(name);
        const type = String(s.dtype);
        const out = { name, type, nulls: s.nullCount() };
        if (type.startsWith('DataType(Datetime')) {
            // as int64 nanoseconds written out by polars itself (a JS number would round them)
            const ns = s.cast(pl.Int64).cast(pl.Utf8).toArray();
            out.first = ns[0];
            out.last = ns[ns.length - 1];
        } else if (type === 'DataType(Float64)' || type === 'DataType(UInt64)') {
            const values = s.toArray();
            let sum = type === 'DataType(UInt64)' ? 0n : 0;
            for (const v of values) {
                if (v !== null) {
                    sum += v;
                }
            }
            const plain = (v) => (typeof v === 'bigint' ? v.toString() : v);
            out.sum = plain(sum);
            out.first = plain(values[0]);
            out.last = plain(values[values.length - 1]);
        } else if (type === 'DataType(String)') {
            out.values = s.toArray();
        }
        return out;
    });
    return { file, rows: df.height, fields };
}

console.log(JSON.stringify(files.map(summary)));
