package org.sluice.http;

import java.util.Arrays;

/**
 * A {@code Range: bytes=...} header read against a representation of known size, as httpd's
 * byterange filter reads it: the ranges in the order given, those that overlap or touch the
 * one before merged into it, those that start past the end dropped. The answer is the ranges
 * to send (one: a 206 with {@code Content-Range}; more: {@code multipart/byteranges}), none
 * (the whole representation: a header that is not understood, or that asks for more than the
 * representation's size in all, or for more ranges, overlaps or reversals than allowed), or
 * {@link #UNSATISFIABLE} (416).
 */
final class ByteRanges {

    /** httpd's {@code MaxRanges}, {@code MaxRangeOverlaps} and {@code MaxRangeReversals} default. */
    static final int DEFAULT_MAX_RANGES = 200;
    private static final int MAX_OVERLAPS = 20;
    private static final int MAX_REVERSALS = 20;

    /** Every range starts at or past the end: 416. */
    static final ByteRanges UNSATISFIABLE = new ByteRanges(new long[0], new long[0], 0);

    private final long[] firsts;
    private final long[] lasts;
    private final int count;

    private ByteRanges(long[] firsts, long[] lasts, int count) {
        this.firsts = firsts;
        this.lasts = lasts;
        this.count = count;
    }

    /** How many ranges to send, 1 or more. */
    int count() {
        return count;
    }

    /** The first byte of range {@code i}. */
    long first(int i) {
        return firsts[i];
    }

    /** The last byte of range {@code i}, inclusive. */
    long last(int i) {
        return lasts[i];
    }

    /** Bytes in range {@code i}. */
    long length(int i) {
        return lasts[i] - firsts[i] + 1;
    }

    /**
     * The ranges {@code header} asks of {@code size} bytes, at most {@code maxRanges} of them
     * (negative: any number; 0: none, though a header that none of the ranges can satisfy is
     * still {@link #UNSATISFIABLE}, as in httpd); null to send the whole representation.
     */
    static ByteRanges parse(String header, long size, int maxRanges) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String[] elements = h.substring(6).split(",", -1);
        long[] firsts = new long[Math.min(elements.length, 16)];
        long[] lasts = new long[firsts.length];
        int count = 0;
        int overlaps = 0;
        int reversals = 0;
        boolean asked = false;
        boolean satisfiable = false;
        boolean merging = false;
        long first = 0;
        long last = 0;
        for (String raw : elements) {
            String spec = raw.strip();
            if (spec.isEmpty()) {
                // empty list elements count for nothing (RFC 9110 §5.6.1.2)
                continue;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            asked = true;
            String from = spec.substring(0, dash).strip();
            String to = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (from.isEmpty()) {
                long suffix = number(to);
                if (suffix < 0) {
                    return null;
                }
                if (suffix == 0) {
                    // a suffix of nothing selects no byte (RFC 9110 §14.1.1)
                    continue;
                }
                // satisfiable even when the representation is empty (RFC 9110 §14.1.1)
                satisfiable = true;
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = number(from);
                if (start < 0) {
                    return null;
                }
                if (to.isEmpty()) {
                    end = size - 1;
                    if (start == 0 && size > 0) {
                        // "0-" asks for everything: httpd sends it as the one range, whatever else is asked
                        return new ByteRanges(new long[] {0}, new long[] {size - 1}, 1);
                    }
                } else {
                    end = number(to);
                    if (end < 0 || end < start) {
                        return null;
                    }
                }
            }
            if (start >= size) {
                continue;
            }
            satisfiable = true;
            end = Math.min(end, size - 1);
            if (!merging) {
                first = start;
                last = end;
                merging = true;
                continue;
            }
            boolean merged = start >= first && end <= last;
            if (start < first && end >= first - 1) {
                first = start;
                reversals++;
                merged = true;
            }
            if (end >= last && start <= last + 1) {
                last = end;
                merged = true;
            }
            if (merged) {
                overlaps++;
                continue;
            }
            if (count == firsts.length) {
                firsts = Arrays.copyOf(firsts, count * 2);
                lasts = Arrays.copyOf(lasts, count * 2);
            }
            firsts[count] = first;
            lasts[count] = last;
            count++;
            first = start;
            last = end;
        }
        if (merging) {
            if (count == firsts.length) {
                firsts = Arrays.copyOf(firsts, count + 1);
                lasts = Arrays.copyOf(lasts, count + 1);
            }
            firsts[count] = first;
            lasts[count] = last;
            count++;
        } else {
            // nothing to send: 416 when nothing asked could be had, else (an empty
            // representation) the whole of it, as no 206 carries zero bytes
            return asked && !satisfiable ? UNSATISFIABLE : null;
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += lasts[i] - firsts[i] + 1;
        }
        if (total > size || maxRanges >= 0 && count > maxRanges || overlaps > MAX_OVERLAPS
                || reversals > MAX_REVERSALS) {
            return null;
        }
        return new ByteRanges(firsts, lasts, count);
    }

    /** A run of digits as a number; -1 for anything else, or one too large. */
    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
