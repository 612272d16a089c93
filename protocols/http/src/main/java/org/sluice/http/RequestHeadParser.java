package org.sluice.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a request head (RFC 9112 §2-§6) line by line, as an input filter reading in
 * {@link org.sluice.filter.ReadMode#GETLINE GETLINE} mode delivers it, and validates it
 * strictly enough that no two readers of the same bytes can disagree on where the request ends.
 *
 * <pre>{@code
 * RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
 * RequestHead head = null;
 * while (head == null) {
 *     ByteBuf line = readLine(parser.lineLimit());   // LineTooLongException → parser.lineTooLong()
 *     try {
 *         head = parser.offer(line);                  // HttpException → error response, close
 *     } finally {
 *         line.release();
 *     }
 * }
 * }</pre>
 *
 * <p><b>What is refused</b>, each as an {@link HttpException} with the status given:
 * <ul>
 *   <li>any line not ended by CRLF, and any bare CR or LF inside a line: 400;
 *   <li>a request line other than exactly {@code method SP request-target SP HTTP-version}: 400;
 *       longer than {@code LimitRequestLine}: {@value HttpStatus#REQUEST_LINE_EXCEEDED};
 *   <li>a major version other than 1: 505 if it is well-formed ({@code HTTP/2.0}), 400 if not
 *       ({@code http/1.1}); a later HTTP/1 minor version ({@code HTTP/1.2}) is served as HTTP/1.1;
 *   <li>a field line that starts with whitespace (obs-fold), has no colon, whitespace before
 *       the colon, a name that is not a token, or a control character other than HTAB in its
 *       value: 400; more than {@code LimitRequestFields} fields or one longer than
 *       {@code LimitRequestFieldSize}: {@value HttpStatus#FIELDS_EXCEEDED};
 *   <li>HTTP/1.1 without exactly one valid {@code Host}, or any request with two: 400 (an
 *       empty {@code Host} is refused too: it is only meant for URIs without an authority,
 *       which an http server never serves; see {@link HostAndPort} for the host syntax);
 *   <li>both Transfer-Encoding and Content-Length, Transfer-Encoding on HTTP/1.0, a transfer
 *       coding list whose final coding is not {@code chunked}, {@code chunked} twice: 400;
 *       another coding before the final {@code chunked}: {@value HttpStatus#CODING_NOT_IMPLEMENTED};
 *   <li>Content-Length that is not one run of digits fitting in a long, or that appears
 *       twice, even with identical values (Apache 2.4 refuses these too): 400;
 *   <li>an {@code Expect} other than {@code 100-continue}: 417.
 * </ul>
 *
 * <p>The parser does not keep or release the lines it is offered. One parser reads one head;
 * after it threw, it must not be used again.
 */
public final class RequestHeadParser {

    /** "HTTP" and "/1" as a big-endian int and short: HTTP/1.x compared in a few reads. */
    private static final int HTTP = ('H' << 24) | ('T' << 16) | ('T' << 8) | 'P';
    private static final short SLASH_ONE = (short) (('/' << 8) | '1');

    /** Empty lines tolerated before a request line (RFC 9112 §2.2), as many as Apache allows. */
    static final int BLANK_LINES_ALLOWED = 10;

    private enum State { REQUEST_LINE, FIELDS, DONE, FAILED }

    private final HttpLimits limits;
    private State state = State.REQUEST_LINE;
    private int blankLines;

    /** A request line that was read but refused, as it came (for the log). */
    private String refusedRequestLine;
    private String method;
    private String target;
    private HttpVersion version;
    private final HttpHeaders.Builder headers = HttpHeaders.builder();
    private int fieldCount;

    public RequestHeadParser(HttpLimits limits) {
        this.limits = limits;
    }

    /** Makes this parser as new, for the next head on the same connection. */
    RequestHeadParser reset() {
        state = State.REQUEST_LINE;
        blankLines = 0;
        refusedRequestLine = null;
        method = null;
        target = null;
        version = null;
        headers.clear();
        fieldCount = 0;
        return this;
    }

    /**
     * The request line as it was read, for the log of a head refused after it or because of
     * it (httpd logs its {@code the_request} then too); null when none was read.
     */
    String requestLineRead() {
        if (refusedRequestLine != null) {
            return refusedRequestLine;
        }
        return method == null ? null : method + " " + target + " " + version.text();
    }

    /**
     * The longest line, CRLF included, the next {@link #offer} accepts: what to pass as the
     * byte count of a GETLINE read.
     */
    public long lineLimit() {
        return (state == State.REQUEST_LINE ? limits.requestLine() : limits.requestFieldSize()) + 2L;
    }

    /** The error for a line longer than {@link #lineLimit()}, for the reader that found it. */
    public HttpException lineTooLong() {
        return lineTooLong(state);
    }

    private HttpException lineTooLong(State current) {
        return current == State.REQUEST_LINE
                ? new HttpException(HttpStatus.REQUEST_LINE_EXCEEDED,
                        "request line longer than LimitRequestLine " + limits.requestLine())
                : new HttpException(HttpStatus.FIELDS_EXCEEDED,
                        "header field longer than LimitRequestFieldSize " + limits.requestFieldSize());
    }

    /** True once a request line was offered: EOF before that is a silent close, after it a 400. */
    public boolean hasStarted() {
        return state != State.REQUEST_LINE;
    }

    public boolean isComplete() {
        return state == State.DONE;
    }

    /**
     * Takes the next line, through its LF.
     *
     * @return the request head once the empty line that ends it was offered, else null
     * @throws HttpException if the request is malformed or exceeds a limit
     */
    public RequestHead offer(ByteBuf line) throws HttpException {
        return offer(line, line.readerIndex(), line.readableBytes());
    }

    /** As {@link #offer(ByteBuf)}, for the line in the {@code lineLength} bytes of {@code line} from {@code index}. */
    RequestHead offer(ByteBuf line, int index, int lineLength) throws HttpException {
        if (state == State.DONE || state == State.FAILED) {
            throw new IllegalStateException("request head already " + (state == State.DONE ? "complete" : "failed"));
        }
        State current = state;
        state = State.FAILED;
        int start = index;
        int end = contentEnd(line, index, index + lineLength);
        int length = end - start;
        if (current == State.REQUEST_LINE) {
            if (length == 0) {
                if (++blankLines > BLANK_LINES_ALLOWED) {
                    throw new HttpException(HttpStatus.BAD_REQUEST, "too many empty lines before the request line");
                }
            } else {
                if (length > limits.requestLine()) {
                    throw lineTooLong(current);
                }
                try {
                    parseRequestLine(line, start, end);
                } catch (HttpException e) {
                    refusedRequestLine = line.toString(start, length, StandardCharsets.ISO_8859_1);
                    throw e;
                }
                current = State.FIELDS;
            }
            state = current;
            return null;
        }
        if (length == 0) {
            RequestHead head = finish();
            state = State.DONE;
            return head;
        }
        if (length > limits.requestFieldSize()) {
            throw lineTooLong(current);
        }
        if (limits.fieldsExceed(++fieldCount)) {
            throw new HttpException(HttpStatus.FIELDS_EXCEEDED,
                    "more header fields than LimitRequestFields " + limits.requestFields());
        }
        headers.add(FieldLineParser.parse(line, start, length, "header"));
        state = State.FIELDS;
        return null;
    }

    /**
     * Checks that {@code line} ends with CRLF. A CR or LF before that is refused by the
     * parsing of the request line or field line, which checks every byte of it.
     *
     * @return the index of its CR
     */
    static int contentEnd(ByteBuf line, int start, int end) throws HttpException {
        if (end == start || line.getByte(end - 1) != HttpGrammar.LF) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "line not terminated by CRLF (input ended mid-line)");
        }
        if (end - start < 2 || line.getByte(end - 2) != HttpGrammar.CR) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "line terminated by a bare LF instead of CRLF");
        }
        return end - 2;
    }

    private void parseRequestLine(ByteBuf line, int start, int end) throws HttpException {
        int firstSpace = line.indexOf(start, end, HttpGrammar.SP);
        int secondSpace = firstSpace < 0 ? -1 : line.indexOf(firstSpace + 1, end, HttpGrammar.SP);
        if (secondSpace < 0 || line.indexOf(secondSpace + 1, end, HttpGrammar.SP) >= 0) {
            throw new HttpException(HttpStatus.BAD_REQUEST,
                    "request line is not 'method SP request-target SP HTTP-version' with single spaces");
        }
        if (!HttpGrammar.isToken(line, start, firstSpace)) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "method is not a token");
        }
        if (secondSpace == firstSpace + 1) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "empty request-target (two spaces in the request line)");
        }
        version = parseVersion(line, secondSpace + 1, end);
        for (int i = firstSpace + 1; i < secondSpace; i++) {
            int b = line.getByte(i) & 0xff;
            if (b <= 0x20 || b >= 0x7f || b == '#') {
                throw new HttpException(HttpStatus.BAD_REQUEST,
                        "request-target contains " + HttpGrammar.describe(b));
            }
        }
        method = line.hasArray()
                ? CommonStrings.method(line.array(), line.arrayOffset() + start, line.arrayOffset() + firstSpace)
                : line.toString(start, firstSpace - start, StandardCharsets.US_ASCII);
        target = line.toString(firstSpace + 1, secondSpace - firstSpace - 1, StandardCharsets.US_ASCII);
    }

    private static HttpVersion parseVersion(ByteBuf line, int start, int end) throws HttpException {
        if (end - start == 8 && line.getInt(start) == HTTP && line.getShort(start + 4) == SLASH_ONE
                && line.getByte(start + 6) == '.') {
            byte minor = line.getByte(start + 7);
            if (minor == '1') {
                return HttpVersion.HTTP_1_1;
            }
            if (minor == '0') {
                return HttpVersion.HTTP_1_0;
            }
        }
        return parseVersion(line.toString(start, end - start, StandardCharsets.ISO_8859_1));
    }

    private static HttpVersion parseVersion(String text) throws HttpException {
        if (text.length() == 8 && text.startsWith("HTTP/") && HttpGrammar.isDigit(text.charAt(5))
                && text.charAt(6) == '.' && HttpGrammar.isDigit(text.charAt(7))) {
            if (text.charAt(5) == '1') {
                // RFC 9110 section 2.5: a later minor version is served as the highest we speak
                return HttpVersion.HTTP_1_1;
            }
            throw new HttpException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported version " + text);
        }
        throw new HttpException(HttpStatus.BAD_REQUEST, "malformed HTTP-version");
    }

    private RequestHead finish() throws HttpException {
        HttpHeaders fields = headers.build();
        HostAndPort hostHeader = hostHeader(fields);

        TargetForm form;
        String path;
        String query = null;
        HostAndPort targetHost = null;
        String rest;
        if (target.charAt(0) == '/') {
            form = TargetForm.ORIGIN;
            rest = target;
        } else if (method.equals("CONNECT")) {
            form = TargetForm.AUTHORITY;
            targetHost = HostAndPort.parse(target, "CONNECT target");
            if (targetHost.port() < 0) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "CONNECT target without a port");
            }
            rest = "";
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "request-target '*' is only for OPTIONS");
            }
            form = TargetForm.ASTERISK;
            rest = "*";
        } else {
            form = TargetForm.ABSOLUTE;
            int schemeEnd = target.indexOf("://");
            String scheme = schemeEnd < 0 ? "" : target.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new HttpException(HttpStatus.BAD_REQUEST,
                        "request-target is neither a path nor an http(s) URI");
            }
            int authorityStart = schemeEnd + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < target.length() && "/?".indexOf(target.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            String authority = target.substring(authorityStart, authorityEnd);
            if (authority.indexOf('@') >= 0) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "request-target carries userinfo");
            }
            targetHost = HostAndPort.parse(authority, "request-target authority");
            rest = target.substring(authorityEnd);
            if (rest.isEmpty() || rest.charAt(0) == '?') {
                rest = "/" + rest;
            }
        }
        if (form == TargetForm.ORIGIN || form == TargetForm.ABSOLUTE) {
            int question = rest.indexOf('?');
            path = question < 0 ? rest : rest.substring(0, question);
            query = question < 0 ? null : rest.substring(question + 1);
        } else {
            path = rest;
        }
        if (method.equals("CONNECT") && form != TargetForm.AUTHORITY) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "CONNECT needs an authority-form target");
        }

        HostAndPort host = targetHost != null ? targetHost : hostHeader;
        return new RequestHead(method, target, form, path, query, version, fields,
                host == null ? null : host.host(), host == null ? -1 : host.port(),
                framing(fields), keepAlive(fields), expectContinue(fields));
    }

    private HostAndPort hostHeader(HttpHeaders fields) throws HttpException {
        int hosts = fields.count("Host");
        if (hosts > 1) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "more than one Host header field");
        }
        if (hosts == 0) {
            if (version == HttpVersion.HTTP_1_1) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "HTTP/1.1 request without a Host header field");
            }
            return null;
        }
        return HostAndPort.parse(fields.get("Host"), "Host header field");
    }

    private BodyFraming framing(HttpHeaders fields) throws HttpException {
        if (!fields.contains("Transfer-Encoding") && !fields.contains("Content-Length")) {
            return BodyFraming.NONE;
        }
        List<String> transferEncodings = fields.all("Transfer-Encoding");
        List<String> contentLengths = fields.all("Content-Length");
        if (!transferEncodings.isEmpty()) {
            if (!contentLengths.isEmpty()) {
                throw new HttpException(HttpStatus.BAD_REQUEST,
                        "both Transfer-Encoding and Content-Length: the body length is ambiguous");
            }
            if (version == HttpVersion.HTTP_1_0) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            checkTransferCodings(transferEncodings);
            return BodyFraming.CHUNKED;
        }
        if (contentLengths.isEmpty()) {
            return BodyFraming.NONE;
        }
        if (contentLengths.size() > 1) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "more than one Content-Length header field");
        }
        return BodyFraming.length(parseContentLength(contentLengths.get(0)));
    }

    /** The codings must end in exactly one {@code chunked}, which is all Sluice decodes. */
    private static void checkTransferCodings(List<String> values) throws HttpException {
        List<String> codings = new ArrayList<>();
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String coding = stripWhitespace(element);
                int semicolon = coding.indexOf(';');
                String name = stripWhitespace(semicolon < 0 ? coding : coding.substring(0, semicolon));
                if (!HttpGrammar.isToken(name)) {
                    throw new HttpException(HttpStatus.BAD_REQUEST,
                            "Transfer-Encoding element '" + element + "' is not a coding");
                }
                if (semicolon >= 0 && name.equalsIgnoreCase("chunked")) {
                    throw new HttpException(HttpStatus.BAD_REQUEST, "the chunked coding takes no parameters");
                }
                codings.add(name.toLowerCase(Locale.ROOT));
            }
        }
        if (!codings.get(codings.size() - 1).equals("chunked")) {
            throw new HttpException(HttpStatus.BAD_REQUEST,
                    "Transfer-Encoding does not end with chunked: the body length cannot be determined");
        }
        if (codings.indexOf("chunked") != codings.size() - 1) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "the chunked coding is applied more than once");
        }
        if (codings.size() > 1) {
            throw new HttpException(HttpStatus.CODING_NOT_IMPLEMENTED,
                    "transfer coding '" + codings.get(0) + "' is not implemented");
        }
    }

    private static long parseContentLength(String value) throws HttpException {
        if (value.isEmpty()) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "empty Content-Length");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!HttpGrammar.isDigit(c)) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "Content-Length is not a number of bytes");
            }
            try {
                length = Math.addExact(Math.multiplyExact(length, 10L), c - '0');
            } catch (ArithmeticException e) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "Content-Length too large");
            }
        }
        return length;
    }

    private boolean keepAlive(HttpHeaders fields) {
        if (fields.containsToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || fields.containsToken("Connection", "keep-alive");
    }

    private boolean expectContinue(HttpHeaders fields) throws HttpException {
        if (!fields.contains("Expect")) {
            return false;
        }
        boolean expectContinue = false;
        for (String value : fields.all("Expect")) {
            for (String element : value.split(",", -1)) {
                String expectation = stripWhitespace(element);
                if (expectation.equalsIgnoreCase("100-continue")) {
                    expectContinue = true;
                } else if (!expectation.isEmpty()) {
                    throw new HttpException(HttpStatus.EXPECTATION_FAILED,
                            "unsupported expectation '" + expectation + "'").expect(value);
                }
            }
        }
        // RFC 9110 §10.1.1: an HTTP/1.0 client cannot be waiting for 100 Continue.
        return expectContinue && version == HttpVersion.HTTP_1_1;
    }

    private static String stripWhitespace(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && HttpGrammar.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && HttpGrammar.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }
}
