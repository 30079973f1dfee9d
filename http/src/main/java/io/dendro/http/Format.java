package io.dendro.http;

import java.util.Locale;

/**
 * The formats a download comes in, and the choice between them: {@code format=json|csv|arrow}
 * when given (it wins), else the request's {@code Accept}, else JSON.
 *
 * <p>{@code Accept} is read as RFC 9110 says: media ranges with optional {@code q} weights; a
 * format's weight is that of the most specific range that matches it ({@code text/csv} before
 * {@code text/*} before {@code *}{@code /*}); the heaviest format wins, then the one whose range
 * is more specific, then the one named first, then JSON, CSV, Arrow in that order. A header in
 * which no range is well formed counts as none. One that names only other types, or gives every
 * format {@code q=0}, is a 406.
 */
enum Format {
    JSON("json", "application", "json", "application/json; charset=utf-8"),
    CSV("csv", "text", "csv", "text/csv; charset=utf-8; header=present"),
    ARROW("arrow", "application", "vnd.apache.arrow.stream", "application/vnd.apache.arrow.stream");

    final String param;
    final String type;
    final String subtype;
    final String contentType;

    Format(String param, String type, String subtype, String contentType) {
        this.param = param;
        this.type = type;
        this.subtype = subtype;
        this.contentType = contentType;
    }

    String mediaType() {
        return type + "/" + subtype;
    }

    /**
     * The format of an answer.
     *
     * @param formatParam the {@code format} parameter, or null
     * @param accept      the {@code Accept} header, or null
     * @throws HttpError 400 (parameter {@code format}) for an unknown format, 406 when
     *                   {@code Accept} admits none of them
     */
    static Format choose(String formatParam, String accept) {
        if (formatParam != null) {
            for (Format f : values()) {
                if (f.param.equals(formatParam.strip().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw HttpError.badRequest("format", "unknown format '" + Strings.shorten(formatParam, 40)
                    + "' (json, csv or arrow)");
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        double[] q = new double[values().length];
        int[] specificity = new int[q.length];
        int[] position = new int[q.length];
        java.util.Arrays.fill(specificity, -1);
        boolean wellFormed = false;
        String[] ranges = accept.split(",", 100);
        for (int i = 0; i < ranges.length; i++) {
            Range r = Range.parse(ranges[i]);
            if (r == null) {
                continue;
            }
            wellFormed = true;
            for (Format f : values()) {
                int s = r.specificity(f);
                if (s > specificity[f.ordinal()]) {
                    specificity[f.ordinal()] = s;
                    q[f.ordinal()] = r.q;
                    position[f.ordinal()] = i;
                }
            }
        }
        if (!wellFormed) {
            return JSON;
        }
        Format best = null;
        for (Format f : values()) {
            int k = f.ordinal();
            if (specificity[k] < 0 || q[k] <= 0) {
                continue;
            }
            int b = best == null ? -1 : best.ordinal();
            if (best == null || q[k] > q[b] || (q[k] == q[b] && (specificity[k] > specificity[b]
                    || (specificity[k] == specificity[b] && position[k] < position[b])))) {
                best = f;
            }
        }
        if (best == null) {
            throw new HttpError(406, "cannot answer in what Accept asks for ('" + Strings.shorten(accept, 100)
                    + "'): this resource is " + JSON.mediaType() + ", " + CSV.mediaType() + " or " + ARROW.mediaType()
                    + " (or say format=json|csv|arrow)", null);
        }
        return best;
    }

    /** One media range of an Accept header. */
    private record Range(String type, String subtype, double q) {
        /** The range, or null when it is not {@code type/subtype[;params]} with a valid q. */
        static Range parse(String text) {
            String[] parts = text.split(";", -1);
            String mt = parts[0].strip().toLowerCase(Locale.ROOT);
            int slash = mt.indexOf('/');
            if (slash <= 0 || slash == mt.length() - 1) {
                return null;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (!(q >= 0 && q <= 1)) {
                        return null;
                    }
                }
            }
            String type = mt.substring(0, slash).strip();
            String subtype = mt.substring(slash + 1).strip();
            if (type.equals("*") && !subtype.equals("*")) {
                return null;
            }
            return new Range(type, subtype, q);
        }

        /** How specifically this range names {@code f}: 2 exactly, 1 by type, 0 as anything; -1 not at all. */
        int specificity(Format f) {
            if (type.equals("*")) {
                return 0;
            }
            if (!type.equals(f.type)) {
                return -1;
            }
            if (subtype.equals("*")) {
                return 1;
            }
            return subtype.equals(f.subtype) ? 2 : -1;
        }
    }
}
