package org.sluice.cgi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;
import org.sluice.http.HttpDate;
import org.sluice.http.HttpException;
import org.sluice.http.HttpStatus;
import org.sluice.http.Request;

/**
 * One request's conversation with its running script, on the request's thread: the body to
 * the script's stdin, the script's stdout parsed as CGI response headers, then streamed to the
 * client through the request's output filters.
 *
 * <p>The body goes first, as in httpd, so that a script that reads its input before it answers
 * leaves the connection reusable; but when the script stops taking input (its stdin queue is
 * full) its output is dealt with, so a script that writes before it reads cannot stall the
 * exchange. The script is killed when it neither writes nor reads for the timeout
 * ({@code CGIScriptTimeout}, else {@code Timeout}): 504 before its headers, a cut-off response
 * after; and when the client goes away.
 *
 * <p>The header block (RFC 3875 §6.3, as httpd's {@code ap_scan_script_header_err}):
 * {@code Status} sets the status, {@code Content-Type} the type, {@code Location} with no other
 * status redirects (a local path internally, as a GET; a URL with 302, the script's body
 * dropped); {@code Content-Length} and {@code Transfer-Encoding} are dropped (the server frames
 * the body); an unparseable {@code Last-Modified} is dropped; {@code Location}, {@code ETag},
 * {@code Content-Range} and {@code Last-Modified} go out with a success only, every other field
 * ({@code Set-Cookie} too) with any response, as httpd puts them in {@code err_headers_out}, so
 * that {@code Header} rules change them only with {@code always}.
 */
final class ScriptExchange {

    /** How often a wait for the script looks whether the client went away. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private enum Stage { HEADERS, BODY, REDIRECT }

    private final Request r;
    private final ScriptProcess script;
    private final Path file;
    private final long timeoutNanos;
    private final ScriptHeaders headers = new ScriptHeaders();
    private Stage stage = Stage.HEADERS;
    private String location;

    ScriptExchange(Request r, ScriptProcess script, Path file, Duration timeout) {
        this.r = r;
        this.script = script;
        this.file = file;
        this.timeoutNanos = timeout.toNanos();
    }

    Result run() throws Exception {
        boolean bodyDone = !r.hasBody();
        if (bodyDone) {
            script.endInput();
        }
        while (true) {
            if (!bodyDone && script.acceptsInput()) {
                bodyDone = feedBody();
                continue;
            }
            byte[] chunk = script.pollOutput();
            if (chunk == null) {
                if (!script.await(!bodyDone, timeoutNanos, POLL_NANOS, () -> r.connection().aborted())) {
                    return timedOut();
                }
                if (r.connection().aborted()) {
                    script.kill();
                    throw new IOException("the client went away while " + file + " ran");
                }
                continue;
            }
            if (chunk == ScriptProcess.END) {
                return ended();
            }
            Result problem = output(chunk);
            if (problem != null) {
                script.kill();
                return problem;
            }
        }
    }

    /** Reads a piece of the body for the script; true once the body has ended. */
    private boolean feedBody() throws IOException {
        try (Brigade bb = new Brigade()) {
            if (r.readBody(bb, ScriptProcess.CHUNK) != ReadStatus.OK) {
                script.endInput();
                return true;
            }
            byte[] bytes = new byte[(int) bb.length()];
            int at = 0;
            for (Bucket b : bb) {
                if (b instanceof DataBucket data) {
                    ByteBuf content = data.content();
                    int n = content.readableBytes();
                    content.getBytes(content.readerIndex(), bytes, at, n);
                    at += n;
                }
            }
            if (at > 0) {
                script.offerInput(at == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, at));
            }
            return false;
        } catch (SocketTimeoutException e) {
            script.kill();
            throw failed(new HttpException(HttpStatus.REQUEST_TIMEOUT, "timed out reading the request body for "
                    + file));
        } catch (HttpException e) {
            script.kill();
            throw failed(e);
        }
    }

    /** A body that failed (400, 408, 413) is answered with its status, or ends a response already begun. */
    private IOException failed(HttpException e) {
        return r.committed() ? new IOException(e.getMessage(), e) : e;
    }

    /** A chunk of stdout: headers, body or what a redirect drops. Returns an error to answer with, or null. */
    private Result output(byte[] chunk) throws IOException {
        switch (stage) {
            case HEADERS -> {
                int bodyAt = headers.feed(chunk);
                if (headers.problem() != null) {
                    CgiHandler.LOG.error("{}: malformed header from script '{}': {}", r, file.getFileName(),
                            headers.problem());
                    return Result.SERVER_ERROR;
                }
                if (bodyAt < 0) {
                    return null;
                }
                Result refused = apply();
                if (refused != null) {
                    return refused;
                }
                if (stage == Stage.BODY && bodyAt < chunk.length) {
                    pass(chunk, bodyAt);
                }
            }
            case BODY -> pass(chunk, 0);
            case REDIRECT -> {
                // dropped, as httpd drops a redirecting script's output
            }
        }
        return null;
    }

    /** The header block is whole: the response's status, type and fields. */
    private Result apply() {
        int status = HttpStatus.OK;
        boolean statusGiven = false;
        for (ScriptHeaders.Field field : headers.fields()) {
            String value = field.value();
            switch (field.name().toLowerCase(Locale.ROOT)) {
                case "status" -> {
                    status = status(value);
                    if (status < 0) {
                        CgiHandler.LOG.error("{}: Invalid status line from script '{}': {}", r, file.getFileName(),
                                value.length() > 30 ? value.substring(0, 30) : value);
                        return Result.SERVER_ERROR;
                    }
                    statusGiven = true;
                }
                case "content-type" -> r.contentType(mediaTypeLowerCase(value));
                case "location" -> {
                    location = value;
                    r.headersOut().set("Location", value);
                }
                // the server frames the body: what the script says of it may not hold
                case "content-length", "transfer-encoding" -> { }
                case "etag", "content-range" -> r.headersOut().set(field.name(), value);
                case "last-modified" -> {
                    Instant modified = HttpDate.parse(value);
                    if (modified == null) {
                        CgiHandler.LOG.info("{}: Ignored invalid header value: Last-Modified: '{}'", r, value);
                    } else {
                        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
                        r.headersOut().set("Last-Modified", HttpDate.format(modified.isAfter(now) ? now : modified));
                    }
                }
                default -> r.errorHeadersOut().add(field.name(), value);
            }
        }
        r.status(status);
        stage = location != null && (!statusGiven || status == HttpStatus.OK) ? Stage.REDIRECT : Stage.BODY;
        return null;
    }

    /** The status a {@code Status} field gives ({@code 404 Not Found}, {@code 404}), or -1. */
    private static int status(String value) {
        if (value.length() < 3 || value.length() > 3 && value.charAt(3) != ' ' && value.charAt(3) != '\t') {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + c - '0';
        }
        return code >= 200 && code <= 599 ? code : -1;
    }

    /** The media type in lower case, its parameters as written (httpd's ap_content_type_tolower). */
    private static String mediaTypeLowerCase(String type) {
        int semicolon = type.indexOf(';');
        return semicolon < 0 ? type.toLowerCase(Locale.ROOT)
                : type.substring(0, semicolon).toLowerCase(Locale.ROOT) + type.substring(semicolon);
    }

    private void pass(byte[] chunk, int from) throws IOException {
        Brigade brigade = new Brigade();
        brigade.addLast(DataBucket.of(Unpooled.wrappedBuffer(chunk, from, chunk.length - from)));
        if (!script.hasOutput()) {
            // the script paused: what it wrote reaches the client now
            brigade.addFlush();
        }
        r.pass(brigade);
    }

    /** The script's stdout has ended. */
    private Result ended() throws Exception {
        switch (stage) {
            case HEADERS -> {
                CgiHandler.LOG.error("{}: {}: {}", r, headers.anyOutput() ? "Premature end of script headers"
                        : "End of script output before headers", file.getFileName());
                return Result.SERVER_ERROR;
            }
            case REDIRECT -> {
                script.finish(ScriptProcess.GRACE);
                if (location.startsWith("/")) {
                    return r.internalRedirect(location);
                }
                return Result.error(HttpStatus.FOUND);
            }
            default -> {
                Brigade end = new Brigade();
                end.addEos();
                end.addFlush();
                r.pass(end);
                script.finish(ScriptProcess.GRACE);
                return Result.OK;
            }
        }
    }

    /** Neither output nor input for the timeout: killed; 504 before the headers, a cut-off response after. */
    private Result timedOut() throws IOException {
        script.kill();
        if (!r.committed()) {
            CgiHandler.LOG.error("{}: Script timed out before returning headers: {}", r, file.getFileName());
            return Result.error(HttpStatus.GATEWAY_TIMEOUT);
        }
        CgiHandler.LOG.error("{}: Timeout waiting for output from CGI script {}", r, file);
        throw new IOException("timed out waiting for output from " + file);
    }
}
