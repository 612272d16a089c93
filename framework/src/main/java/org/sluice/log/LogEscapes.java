package org.sluice.log;

import java.nio.charset.StandardCharsets;

/** The escaping behind {@link LogItem#appendEscaped}, for characters that need it. */
final class LogEscapes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogEscapes() {
    }

    /** Anything but printable ASCII, and the quote and backslash that delimit and escape. */
    static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
    }

    /** Appends {@code text} from {@code start} on, escaping as it goes. */
    static void appendFrom(StringBuilder line, CharSequence text, int start, boolean latin1) {
        for (int i = start, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                line.append(c);
                continue;
            }
            switch (c) {
                case '\b' -> line.append("\\b");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case 0x0b -> line.append("\\v");
                case '"', '\\' -> line.append('\\').append(c);
                default -> {
                    if (c < 0x80 || latin1 && c <= 0xff) {
                        hex(line, c);
                    } else {
                        int end = Character.isHighSurrogate(c) && i + 1 < n
                                && Character.isLowSurrogate(text.charAt(i + 1)) ? i + 2 : i + 1;
                        for (byte b : text.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8)) {
                            hex(line, b & 0xff);
                        }
                        i = end - 1;
                    }
                }
            }
        }
    }

    private static void hex(StringBuilder line, int b) {
        line.append('\\').append('x').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }
}
