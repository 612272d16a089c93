package org.sluice.smtp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.filter.Block;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/**
 * Reads the client's lines through the connection's input filters, each bounded. SMTP lines
 * end with CRLF; a line ending in a bare LF is reported as such, never taken as a line (RFC
 * 5321 2.3.8; accepting it is what SMTP smuggling exploits).
 */
final class SmtpInput {

    /**
     * The longest command line, CRLF included: RFC 5321's 512 octets, plus what the ESMTP
     * parameters of MAIL may add (SIZE, BODY, and AUTH= with up to 500), rounded up.
     */
    static final int MAX_COMMAND_LINE = 1024;
    /** The longest line of an AUTH exchange, CRLF included (RFC 4954 4). */
    static final int MAX_AUTH_LINE = 12288;
    /** The longest line of a message, CRLF included (RFC 5321 4.5.3.1.6). */
    static final int MAX_TEXT_LINE = 1000;

    /** How a read ended. */
    enum Kind {
        /** A line ending in CRLF. */
        LINE,
        /** A line ending in LF alone. */
        BARE_LF,
        /** A line longer than the limit: read to its end and dropped. */
        TOO_LONG,
        /** The client closed the connection (perhaps in the middle of a line, which is dropped). */
        END
    }

    /** A line without its line end. */
    record Line(Kind kind, byte[] bytes) {
        private static final byte[] NONE = new byte[0];

        static Line of(Kind kind) {
            return new Line(kind, NONE);
        }

        /** The bytes as text, one character per byte. */
        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private final Connection connection;

    SmtpInput(Connection connection) {
        this.connection = connection;
    }

    /**
     * The next line, of at most {@code limit} bytes with its line end. Blocks up to the host's
     * {@code Timeout}, then throws {@link java.net.SocketTimeoutException}.
     */
    Line read(int limit) throws IOException {
        try (Brigade line = new Brigade()) {
            ReadStatus status;
            try {
                status = connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, limit);
            } catch (LineTooLongException e) {
                return skipRestOfLine(limit) ? Line.of(Kind.TOO_LONG) : Line.of(Kind.END);
            }
            if (status != ReadStatus.OK) {
                return Line.of(Kind.END);
            }
            byte[] bytes = line.flatten();
            int n = bytes.length;
            if (n == 0 || bytes[n - 1] != '\n') {
                return Line.of(Kind.END);
            }
            if (n < 2 || bytes[n - 2] != '\r') {
                return new Line(Kind.BARE_LF, Arrays.copyOf(bytes, n - 1));
            }
            return new Line(Kind.LINE, Arrays.copyOf(bytes, n - 2));
        }
    }

    /** Reads and drops the rest of an over-long line; false if the stream ended first. */
    private boolean skipRestOfLine(int limit) throws IOException {
        try (Brigade discard = new Brigade()) {
            while (true) {
                discard.cleanup();
                try {
                    ReadStatus status = connection.input().read(discard, ReadMode.GETLINE, Block.BLOCK, limit);
                    return status == ReadStatus.OK && discard.length() > 0 && endsWithLf(discard);
                } catch (LineTooLongException stillLonger) {
                    if (connection.input().read(discard, ReadMode.READBYTES, Block.BLOCK, limit) != ReadStatus.OK) {
                        return false;
                    }
                }
            }
        }
    }

    private static boolean endsWithLf(Brigade brigade) {
        byte[] bytes = brigade.flatten();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }
}
