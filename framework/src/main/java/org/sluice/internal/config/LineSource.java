package org.sluice.internal.config;

import java.io.IOException;
import java.io.Reader;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;

/**
 * The logical lines of one configuration source: physical lines joined where one ends in a
 * backslash, trimmed, each with the number of the physical line it starts on. Like Apache's
 * {@code ap_cfg_getline}, a backslash continues the line only when a newline follows it, and
 * the joined text keeps the next line's leading whitespace as it is.
 */
final class LineSource implements AutoCloseable {

    /** Longer logical lines are refused rather than read into memory. */
    static final int MAX_LINE_LENGTH = 1 << 20;

    private final Reader reader;
    private final String name;
    private int physicalLine;
    private boolean atEnd;

    LineSource(Reader reader, String name) {
        this.reader = reader;
        this.name = name;
    }

    /** A trimmed logical line and where it starts. */
    record Line(String text, ConfigLocation location) {
    }

    /** The name of the source, as it appears in locations. */
    String name() {
        return name;
    }

    /** The next logical line, or null at the end of the source. */
    Line next() throws IOException, ConfigException {
        if (atEnd) {
            return null;
        }
        int start = physicalLine + 1;
        StringBuilder text = new StringBuilder();
        boolean readAnything = false;
        while (true) {
            physicalLine++;
            boolean endedWithNewline = readPhysical(text, start);
            readAnything |= endedWithNewline || !text.isEmpty();
            int last = text.length() - 1;
            if (endedWithNewline && last >= 0 && text.charAt(last) == '\\') {
                text.setLength(last);
                continue;
            }
            break;
        }
        if (!readAnything) {
            return null;
        }
        return new Line(ConfigWords.trim(text.toString()), new ConfigLocation(name, start));
    }

    private boolean readPhysical(StringBuilder text, int start) throws IOException, ConfigException {
        int c;
        while ((c = reader.read()) != -1) {
            if (c == '\n') {
                int last = text.length() - 1;
                if (last >= 0 && text.charAt(last) == '\r') {
                    text.setLength(last);
                }
                return true;
            }
            if (text.length() >= MAX_LINE_LENGTH) {
                throw new ConfigException(new ConfigLocation(name, start),
                        "Error reading " + name + " at line " + start + ": Line too long (over "
                                + MAX_LINE_LENGTH + " characters)");
            }
            text.append((char) c);
        }
        atEnd = true;
        return false;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
