package org.sluice.proxy;

import java.util.List;
import java.util.Locale;
import org.sluice.http.HttpHeaders;

/**
 * A backend's response head, read strictly: a response the proxy cannot frame exactly is
 * refused (502) rather than guessed at, since a guess is how responses are smuggled. Refused:
 * a status line that is not {@code HTTP/1.x NNN reason}; a field name that is not a token or
 * is followed by whitespace; a field value with a control character; obs-fold (a line starting
 * with whitespace); bare LF or CR; both {@code Transfer-Encoding} and {@code Content-Length};
 * a transfer coding other than {@code chunked} alone; {@code Content-Length} values that are
 * not one decimal number; a head with more than {@code maxFields} fields or a line longer than
 * {@code maxLine} bytes.
 *
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param status the status code
 * @param headers the fields as received
 * @param framing how the body is delimited
 * @param length the body's length for {@link Framing#LENGTH}, else -1
 * @param keepAlive whether the backend keeps the connection after this response
 */
record BackendResponse(int minorVersion, int status, HttpHeaders headers, Framing framing, long length,
                       boolean keepAlive) {

    /** How a response body is delimited (RFC 9112 §6.3). */
    enum Framing {
        /** No body: a response to HEAD, a 1xx, 204 or 304. */
        NONE,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** The chunked transfer coding. */
        CHUNKED,
        /** Until the backend closes the connection. */
        CLOSE
    }

    /** Interim (1xx) responses skipped before the final one at most. */
    private static final int MAX_INTERIM = 10;

    /**
     * Reads the final response head to a request (interim 1xx responses are skipped).
     *
     * @param headRequest whether the request was HEAD (its response has no body)
     * @throws BackendFailure 502 for anything malformed or too large, or a connection closed
     *     before the head was whole; 504 when the backend does not answer in time
     */
    static BackendResponse read(BackendConnection backend, boolean headRequest, int maxLine, int maxFields)
            throws BackendFailure {
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            String statusLine = backend.readLine(maxLine, "status line");
            if (statusLine == null) {
                throw new BackendFailure(BackendFailure.BAD_GATEWAY, "the backend " + backend.address()
                        + " closed the connection without answering");
            }
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' '
                    || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
                throw BackendFailure.malformed("status line '" + printable(statusLine) + "'");
            }
            char minor = statusLine.charAt(7);
            if (minor != '0' && minor != '1') {
                throw BackendFailure.malformed("HTTP version in '" + printable(statusLine) + "'");
            }
            int status = 0;
            for (int i = 9; i < 12; i++) {
                char c = statusLine.charAt(i);
                if (c < '0' || c > '9') {
                    throw BackendFailure.malformed("status code in '" + printable(statusLine) + "'");
                }
                status = status * 10 + (c - '0');
            }
            if (status < 100 || status > 599) {
                throw BackendFailure.malformed("status code " + status);
            }
            checkValue(statusLine, "status line");
            HttpHeaders headers = readFields(backend, maxLine, maxFields);
            if (status == 101) {
                throw BackendFailure.malformed("101 Switching Protocols to a request that asked for no upgrade");
            }
            if (status < 200) {
                continue;
            }
            return frame(minor - '0', status, headers, headRequest);
        }
        throw BackendFailure.malformed("more than " + MAX_INTERIM + " interim responses");
    }

    private static HttpHeaders readFields(BackendConnection backend, int maxLine, int maxFields) throws BackendFailure {
        HttpHeaders.Builder fields = HttpHeaders.builder();
        int count = 0;
        while (true) {
            String line = backend.readLine(maxLine, "response header");
            if (line == null) {
                throw BackendFailure.malformed("connection closed inside the response header");
            }
            if (line.isEmpty()) {
                return fields.build();
            }
            if (++count > maxFields) {
                throw BackendFailure.malformed("more than " + maxFields + " header fields");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw BackendFailure.malformed("obs-fold (a header line starting with whitespace)");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw BackendFailure.malformed("header line without a name and colon: '" + printable(line) + "'");
            }
            String name = line.substring(0, colon);
            for (int i = 0; i < name.length(); i++) {
                if (!isTchar(name.charAt(i))) {
                    throw BackendFailure.malformed("header field name '" + printable(name) + "' is not a token");
                }
            }
            String value = line.substring(colon + 1).strip();
            checkValue(value, "value of header field " + name);
            fields.add(name, value);
        }
    }

    /** The framing of the response's body, and whether the connection is kept (RFC 9112 §6.3, §9.3). */
    private static BackendResponse frame(int minor, int status, HttpHeaders headers, boolean headRequest)
            throws BackendFailure {
        boolean close = headers.containsToken("Connection", "close");
        boolean keepAlive = minor == 1 ? !close : headers.containsToken("Connection", "keep-alive") && !close;
        List<String> codings = headers.all("Transfer-Encoding");
        List<String> lengths = headers.all("Content-Length");
        if (!codings.isEmpty() && !lengths.isEmpty()) {
            throw BackendFailure.malformed("both Transfer-Encoding and Content-Length");
        }
        long length = -1;
        if (!lengths.isEmpty()) {
            for (String field : lengths) {
                for (String value : field.split(",", -1)) {
                    long parsed = parseLength(value.strip());
                    if (length >= 0 && parsed != length) {
                        throw BackendFailure.malformed("Content-Length values that differ");
                    }
                    length = parsed;
                }
            }
        }
        if (!codings.isEmpty()) {
            if (minor == 0) {
                throw BackendFailure.malformed("Transfer-Encoding in an HTTP/1.0 response");
            }
            String joined = String.join(",", codings).strip().toLowerCase(Locale.ROOT);
            if (!joined.equals("chunked")) {
                throw BackendFailure.malformed("Transfer-Encoding '" + printable(joined)
                        + "' (only chunked alone is taken)");
            }
        }
        Framing framing;
        if (headRequest || status == 204 || status == 304) {
            framing = Framing.NONE;
        } else if (!codings.isEmpty()) {
            framing = Framing.CHUNKED;
        } else if (length >= 0) {
            framing = Framing.LENGTH;
        } else {
            framing = Framing.CLOSE;
            keepAlive = false;
        }
        return new BackendResponse(minor, status, headers, framing, framing == Framing.LENGTH ? length : -1, keepAlive);
    }

    private static long parseLength(String value) throws BackendFailure {
        if (value.isEmpty() || value.length() > 18) {
            throw BackendFailure.malformed("Content-Length '" + printable(value) + "'");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw BackendFailure.malformed("Content-Length '" + printable(value) + "'");
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    private static void checkValue(String value, String what) throws BackendFailure {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw BackendFailure.malformed("control character in the " + what);
            }
        }
    }

    static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** {@code text} for the log: controls and bytes above ASCII as {@code \xhh}, at most 200 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (c < ' ' || c >= 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
