package org.sluice.bench;

import java.nio.charset.StandardCharsets;

/**
 * Test lines: printable ASCII without CR, ending in a single LF. Never empty, because Sluice's
 * echo ends the session on a line that is only CR/LF.
 */
final class Lines {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,;:-_+=/()[]"
                    .getBytes(StandardCharsets.US_ASCII);

    private Lines() {}

    /** A line of exactly {@code length} bytes (LF included) starting with {@code prefix}. */
    static byte[] line(String prefix, int length, long seed) {
        if (length < 2) {
            throw new IllegalArgumentException("a line needs at least one byte before its LF: " + length);
        }
        byte[] line = new byte[length];
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(head.length, length - 1);
        System.arraycopy(head, 0, line, 0, n);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = n; i < length - 1; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            line[i] = ALPHABET[(int) Long.remainderUnsigned(x, ALPHABET.length)];
        }
        line[length - 1] = '\n';
        return line;
    }
}
