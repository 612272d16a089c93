package org.sluice.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads a message after {@code 354}: lines up to the one that is a lone dot, with the leading
 * dot of every other dotted line removed (RFC 5321 4.5.2), each line's bytes and CRLF passed
 * on unchanged. However the message breaks a rule, it is read to its end, so the next command
 * is read where it begins; only a bare LF stops the reading at once, since where such a message
 * ends is exactly what a client and a server may disagree on (SMTP smuggling).
 */
final class MessageReader {

    /** How the message ended. */
    enum Outcome {
        /** Read whole and written. */
        COMPLETE,
        /** Longer than SMTPMaxMessageSize: read to its end, not written. */
        TOO_BIG,
        /** A line of more than 1000 octets: read to its end, not written. */
        LINE_TOO_LONG,
        /** Writing it failed: read to its end. */
        WRITE_FAILED,
        /** A line ended in LF alone: reading stopped there. */
        BARE_LF,
        /** The client went away before the end. */
        ENDED
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private final SmtpInput input;
    private IOException writeError;

    MessageReader(SmtpInput input) {
        this.input = input;
    }

    /** Why the last {@link Outcome#WRITE_FAILED} failed. */
    IOException writeError() {
        return writeError;
    }

    /**
     * Reads one message into {@code out}, writing no more than {@code maxSize} bytes of it.
     *
     * @return how it ended, and with it whether {@code out} holds the whole message
     */
    Outcome read(OutputStream out, long maxSize) throws IOException {
        long size = 0;
        Outcome outcome = Outcome.COMPLETE;
        while (true) {
            SmtpInput.Line line = input.read(SmtpInput.MAX_TEXT_LINE);
            switch (line.kind()) {
                case END -> {
                    return Outcome.ENDED;
                }
                case BARE_LF -> {
                    return Outcome.BARE_LF;
                }
                case TOO_LONG -> {
                    outcome = Outcome.LINE_TOO_LONG;
                    continue;
                }
                case LINE -> {
                }
            }
            byte[] bytes = line.bytes();
            if (bytes.length == 1 && bytes[0] == '.') {
                return outcome;
            }
            int from = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
            size += bytes.length - from + CRLF.length;
            if (size > maxSize && outcome == Outcome.COMPLETE) {
                outcome = Outcome.TOO_BIG;
            }
            if (outcome == Outcome.COMPLETE) {
                try {
                    out.write(bytes, from, bytes.length - from);
                    out.write(CRLF);
                } catch (IOException e) {
                    writeError = e;
                    outcome = Outcome.WRITE_FAILED;
                }
            }
        }
    }
}
