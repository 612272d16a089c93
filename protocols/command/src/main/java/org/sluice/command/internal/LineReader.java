package org.sluice.command.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.filter.Block;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/** Reads the client's lines (CRLF or LF) through the connection's input filters. */
final class LineReader {

    /** The longest line accepted, line end included. */
    static final int MAX_LINE = 1024;

    private final Connection connection;

    LineReader(Connection connection) {
        this.connection = connection;
    }

    /**
     * The next line without its line end, or null at end of stream (also when the stream ends
     * in the middle of a line: a half-typed password is never checked). Blocks up to the host's
     * {@code Timeout}, then throws {@link java.net.SocketTimeoutException}.
     *
     * @throws LineTooLongException if the line is longer than {@link #MAX_LINE}; the whole line
     *     has then been read and dropped, so the next call reads the line after it
     */
    String readLine() throws IOException {
        try (Brigade line = new Brigade()) {
            ReadStatus status;
            try {
                status = connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, MAX_LINE);
            } catch (LineTooLongException e) {
                skipRestOfLine();
                throw e;
            }
            String text = line.flattenToString(StandardCharsets.UTF_8);
            if (status != ReadStatus.OK || !text.endsWith("\n")) {
                return null; // a line the client left without finishing is not acted on
            }
            return stripLineEnd(text);
        }
    }

    private void skipRestOfLine() throws IOException {
        try (Brigade discard = new Brigade()) {
            while (true) {
                discard.cleanup();
                try {
                    connection.input().read(discard, ReadMode.GETLINE, Block.BLOCK, MAX_LINE);
                    return; // the line's end, or the end of the stream
                } catch (LineTooLongException stillLonger) {
                    if (connection.input().read(discard, ReadMode.READBYTES, Block.BLOCK, MAX_LINE) != ReadStatus.OK) {
                        return;
                    }
                }
            }
        }
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
