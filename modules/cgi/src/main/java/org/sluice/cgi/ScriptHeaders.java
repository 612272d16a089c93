package org.sluice.cgi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header block at the start of a script's output (RFC 3875 §6.2), fed in chunks as
 * they come: lines ending in LF or CR LF, each {@code Name: value}, up to an empty line. Bounded:
 * a line longer than {@link #MAX_LINE} bytes or more than {@link #MAX_FIELDS} lines make the
 * block malformed, as does a line that is no field (no colon, a name that is no HTTP token, a
 * control character in the value, which could split the response).
 */
final class ScriptHeaders {

    /** The longest header line, its line end left out (httpd's MAX_STRING_LEN). */
    static final int MAX_LINE = 8192;
    /** The most header lines (as {@code LimitRequestFields}' default for a request). */
    static final int MAX_FIELDS = 100;

    /** One header line. */
    record Field(String name, String value) {
    }

    private final byte[] line = new byte[MAX_LINE];
    private int length;
    private boolean lineTooLong;
    private final List<Field> fields = new ArrayList<>();
    private boolean done;
    private boolean anyOutput;
    /** What was wrong, for the error log; null while the block is fine. */
    private String problem;

    /**
     * Takes header bytes from {@code chunk}.
     *
     * @return the offset in {@code chunk} where the body starts, once the empty line was read;
     *     -1 when more is needed or the block is malformed ({@link #problem()})
     */
    int feed(byte[] chunk) {
        anyOutput |= chunk.length > 0;
        for (int i = 0; i < chunk.length; i++) {
            byte b = chunk[i];
            if (b != '\n') {
                if (length < MAX_LINE) {
                    line[length++] = b;
                } else {
                    lineTooLong = true;
                }
                continue;
            }
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            String text = new String(line, 0, end, StandardCharsets.ISO_8859_1);
            length = 0;
            if (lineTooLong) {
                problem = "Header line longer than " + MAX_LINE + " bytes: " + first30(text);
                return -1;
            }
            if (text.isEmpty()) {
                done = true;
                return i + 1;
            }
            if (fields.size() == MAX_FIELDS) {
                problem = "more than " + MAX_FIELDS + " header lines";
                return -1;
            }
            Field field = parse(text);
            if (field == null) {
                problem = "Bad header: " + first30(text);
                return -1;
            }
            fields.add(field);
        }
        return -1;
    }

    /** {@code Name: value}, the value without the white space around it; null when it is no field. */
    private static Field parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return null;
            }
        }
        String value = text.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return null;
            }
        }
        return new Field(text.substring(0, colon), value);
    }

    /** httpd's {@code %.30s} of a bad line: enough to recognise it, little to flood the log with. */
    private static String first30(String text) {
        StringBuilder out = new StringBuilder(40);
        for (int i = 0; i < Math.min(30, text.length()); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True once the empty line that ends the block was read. */
    boolean done() {
        return done;
    }

    /** Whether the script wrote anything at all. */
    boolean anyOutput() {
        return anyOutput;
    }

    /** Why the block is malformed, or null. */
    String problem() {
        return problem;
    }

    List<Field> fields() {
        return fields;
    }
}
