// Reads Dendro's Arrow IPC stream downloads with Apache Arrow JS (the npm package apache-arrow) and
// prints, as one JSON array on stdout, what ArrowDownloadTest asserts about each file.
//   node read-arrow.mjs NPM_DIR --probe        exits 0 and prints the version when the package loads
//   node read-arrow.mjs NPM_DIR FILE...        one summary per file
// NPM_DIR is the directory holding node_modules (.ci/run installs package-lock.json's pins there).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [npmDir, ...files] = process.argv.slice(2);
const require = createRequire(join(resolve(npmDir), 'package.json'));
const arrow = require('apache-arrow');

if (files[0] === '--probe') {
    // (the package's exports map hides its package.json from require)
    console.log(JSON.parse(readFileSync(join(resolve(npmDir), 'node_modules/apache-arrow/package.json'))).version);
    process.exit(0);
}

/** A BigInt as a string (JSON has none); anything else as it is. */
const plain = (v) => (typeof v === 'bigint' ? v.toString() : v);

function summary(file) {
    const bytes = readFileSync(file);
    // The batch sizes from the stream's messages (RecordBatchReader would yield a placeholder batch of
    // no rows for a stream without any), then the same bytes as a table.
    const messages = new arrow.MessageReader(bytes);
    const batches = [];
    for (let m = messages.next(); !m.done; m = messages.next()) {
        if (m.value.isRecordBatch()) {
            batches.push(m.value.header().length);
        }
        messages.readMessageBody(m.value.bodyLength);
    }
    const table = arrow.tableFromIPC(bytes);
    if (table.batches.reduce((n, b) => n + b.numRows, 0) !== table.numRows) {
        throw new Error(file + ': the batches do not add up to the table');
    }
    const fields = table.schema.fields.map((f) => {
        const column = table.getChild(f.name);
        const out = { name: f.name, type: String(f.type), nullable: f.nullable, nulls: column.nullCount };
        const typeId = f.type.typeId;
        if (arrow.DataType.isTimestamp(f.type)) {
            // get() would give milliseconds as a number; the raw int64 nanoseconds are the values
            const ns = column.toArray();
            out.first = plain(ns[0]);
            out.last = plain(ns[ns.length - 1]);
        } else if (arrow.DataType.isFloat(f.type) || arrow.DataType.isInt(f.type)) {
            // the non-null values summed in row order (as the Java side sums them)
            let sum = arrow.DataType.isInt(f.type) && f.type.bitWidth === 64 ? 0n : 0;
            for (let i = 0; i < column.length; i++) {
                const v = column.get(i);
                if (v !== null) {
                    sum += v;
                }
            }
            out.sum = plain(sum);
            out.first = plain(column.get(0));
            out.last = plain(column.get(column.length - 1));
        } else if (arrow.DataType.isUtf8(f.type)) {
            out.values = column.toArray();
        } else {
            out.typeId = typeId;
        }
        return out;
    });
    return { file, rows: table.numRows, batches, fields };
}

console.log(JSON.stringify(files.map(summary)));
