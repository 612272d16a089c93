package org.sluice.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Reads a backend response's body as its framing says, de-chunked, in pieces of at most
 * {@link #PIECE} bytes. A chunked body is read strictly: a chunk size that is not hex (or is
 * too large), a missing CRLF after a chunk, or a trailer section that is malformed or too large
 * is a 502, as is a body that ends before its length or its last chunk.
 */
final class BackendBody {

    /** The most bytes one read gives. */
    static final int PIECE = 64 * 1024;
    /** Hex digits a chunk size may have (a chunk of up to 2^60 bytes). */
    private static final int MAX_SIZE_DIGITS = 15;

    private final BackendConnection backend;
    private final BackendResponse.Framing framing;
    private final int maxLine;
    private final int maxFields;
    /** Bytes left in the body ({@code LENGTH}) or in the current chunk ({@code CHUNKED}). */
    private long left;
    private boolean done;
    private boolean firstChunk = true;

    BackendBody(BackendConnection backend, BackendResponse response, int maxLine, int maxFields) {
        this.backend = backend;
        this.framing = response.framing();
        this.maxLine = maxLine;
        this.maxFields = maxFields;
        this.left = response.framing() == BackendResponse.Framing.LENGTH ? response.length() : 0;
        this.done = response.framing() == BackendResponse.Framing.NONE
                || response.framing() == BackendResponse.Framing.LENGTH && left == 0;
    }

    /** True once the whole body was read. */
    boolean done() {
        return done;
    }

    /**
     * Reads the next piece of the body into {@code into} (which has room for {@link #PIECE}
     * bytes).
     *
     * @return the bytes read, or -1 when the body is done
     */
    int read(ByteBuf into) throws BackendFailure {
        if (done) {
            return -1;
        }
        switch (framing) {
            case LENGTH -> {
                int n = backend.read(into, (int) Math.min(PIECE, left));
                if (n < 0) {
                    throw BackendFailure.malformed("connection closed with " + left + " bytes of the body missing");
                }
                left -= n;
                done = left == 0;
                return n;
            }
            case CLOSE -> {
                int n = backend.read(into, PIECE);
                if (n < 0) {
                    done = true;
                }
                return n;
            }
            case CHUNKED -> {
                if (left == 0) {
                    if (!firstChunk) {
                        backend.expectCrlf("chunk data");
                    }
                    firstChunk = false;
                    left = chunkSize();
                    if (left == 0) {
                        trailer();
                        done = true;
                        return -1;
                    }
                }
                int n = backend.read(into, (int) Math.min(PIECE, left));
                if (n < 0) {
                    throw BackendFailure.malformed("connection closed inside a chunk");
                }
                left -= n;
                return n;
            }
            default -> {
                done = true;
                return -1;
            }
        }
    }

    /** A chunk-size line: hex digits, then nothing or chunk extensions after {@code ;}. */
    private long chunkSize() throws BackendFailure {
        String line = backend.readLine(maxLine, "chunk size line");
        if (line == null) {
            throw BackendFailure.malformed("connection closed before the last chunk");
        }
        int end = 0;
        while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == 0 || end > MAX_SIZE_DIGITS) {
            throw BackendFailure.malformed("chunk size '" + BackendResponse.printable(line) + "'");
        }
        String rest = line.substring(end);
        int semicolon = rest.indexOf(';');
        String beforeExtensions = semicolon < 0 ? rest : rest.substring(0, semicolon);
        // whitespace before the ';' is allowed (RFC 9112's BWS), nothing else
        if (semicolon < 0 ? !rest.isEmpty() : !beforeExtensions.isBlank()) {
            throw BackendFailure.malformed("chunk size '" + BackendResponse.printable(line) + "'");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw BackendFailure.malformed("control character in a chunk extension");
            }
        }
        return Long.parseLong(line.substring(0, end), 16);
    }

    /** The trailer section after the last chunk: read, checked and dropped. */
    private void trailer() throws BackendFailure {
        for (int fields = 0; ; fields++) {
            String line = backend.readLine(maxLine, "trailer section");
            if (line == null) {
                throw BackendFailure.malformed("connection closed inside the trailer section");
            }
            if (line.isEmpty()) {
                return;
            }
            if (fields >= maxFields || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.indexOf(':') <= 0) {
                throw BackendFailure.malformed("trailer section");
            }
        }
    }
}
