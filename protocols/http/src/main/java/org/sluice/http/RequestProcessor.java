package org.sluice.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.sluice.access.AccessChecker;
import org.sluice.access.AccessDecision;
import org.sluice.access.AccessRequest;
import org.sluice.access.Credentials;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.DataBucket;
import org.sluice.hook.Result;
import org.sluice.http.PhasePlan.Phase;
import org.sluice.server.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request through the phases of {@link HttpHooks} and makes sure it gets exactly one
 * response: the handler's, or an error response shaped by {@code ErrorDocument}.
 */
final class RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestProcessor.class);

    /** The note that keeps the {@code Expect} field of a request refused with 417, for its page. */
    static final String EXPECT_NOTE = "sluice-expect";
    /** httpd's note of why a request was refused, which its 400 and 403 pages show. */
    static final String ERROR_NOTES = "error-notes";

    /** The phases from translate_name to insert_filter, in order. */
    private static final Phase[] PHASES = {Phase.TRANSLATE_NAME, Phase.MAP_TO_STORAGE, Phase.HEADER_PARSER,
        Phase.ACCESS_CHECKER, Phase.CHECK_USER_ID, Phase.AUTH_CHECKER, Phase.TYPE_CHECKER, Phase.FIXUPS,
        Phase.INSERT_FILTER};

    private RequestProcessor() {
    }

    /** Serves {@code request} completely: phases, handler or error, end of the response. */
    static void serve(Request request) throws IOException {
        Request last = request;
        try {
            Result result = process(request);
            last = request.last();
            if (result.isError() && !last.committed()) {
                sendError(last, result.code());
                last = request.last();
            }
        } catch (HttpException e) {
            last = request.last();
            LOG.info("{}: {}", last, e.getMessage());
            request.connection().keepAlive(false);
            if (!last.committed()) {
                sendError(last, e.status());
                last = request.last();
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            last = request.last();
            LOG.error("{}: handler failed", last, e);
            request.connection().keepAlive(false);
            if (!last.committed()) {
                sendError(last, HttpStatus.INTERNAL_SERVER_ERROR);
                last = request.last();
            }
        }
        last.end();
    }

    /** Runs the phases; returns the handler's result or the first phase's error. */
    static Result process(Request r) throws Exception {
        PhasePlan plan = r.plan();
        Result result = plan.run(Phase.POST_READ_REQUEST, r);
        if (stop(result)) {
            return result;
        }
        if (r.previous() == null) {
            String raw = r.head().path();
            if (raw.equals("*")) {
                if (r.method().equals("OPTIONS")) {
                    // httpd's "pong": no Allow, and made before any module's rules may apply
                    r.markRuleFree();
                    r.headersOut().set("Content-Length", "0");
                    r.discardBody();
                    return Result.OK;
                }
                return Result.error(HttpStatus.BAD_REQUEST);
            }
            if (!raw.startsWith("/")) {
                if (r.method().equals("CONNECT")) {
                    // a tunnel is no resource of this server: not allowed, as httpd answers without a proxy
                    r.discardBody();
                    r.errorHeadersOut().set("Allow", StaticFiles.allow(r));
                    return Result.error(HttpStatus.METHOD_NOT_ALLOWED);
                }
                return Result.error(HttpStatus.BAD_REQUEST);
            }
            try {
                r.path(RequestPath.normalize(raw));
            } catch (HttpException e) {
                // a path that cannot be served, in a well-framed request: answered like any
                // other error, so a 404 (an encoded slash or NUL) keeps the connection
                LOG.info("{}: {}", r, e.getMessage());
                return Result.error(e.status());
            }
        }
        VirtualHost host = r.virtualHost();
        r.dirConfig(host.mergeSections(host.defaults(), "Location", r.path()));
        IfSections.apply(r);
        for (Phase phase : PHASES) {
            result = plan.run(phase, r);
            if (stop(result)) {
                return result;
            }
        }
        if (r.pathInfo() != null && r.config(HttpDirConfig.KEY).acceptPathInfo() == HttpDirConfig.AcceptPathInfo.OFF) {
            // AcceptPathInfo Off: refused for every handler, not only the default one
            return Result.error(HttpStatus.NOT_FOUND);
        }
        result = plan.run(Phase.HANDLER, r);
        if (!result.isDeclined()) {
            return result;
        }
        return dispatch(plan.handlers(), r);
    }

    private static boolean stop(Result result) {
        return result.isError() || result.isDone();
    }

    /** The content handlers by name, else by type, {@code type/*}, then {@code *&#47;*}. */
    private static Result dispatch(ContentHandler.Registration[] handlers, Request r) throws Exception {
        if (r.handler() != null && !r.handler().isEmpty()) {
            Result result = tryHandlers(handlers, r.handler(), -1, r);
            if (!result.isDeclined()) {
                return result;
            }
            LOG.debug("{}: no handler '{}' answered; serving by type", r, r.handler());
        }
        String type = r.contentType() == null ? null : mediaType(r.contentType());
        if (type != null) {
            Result result = tryHandlers(handlers, type, -1, r);
            if (!result.isDeclined()) {
                return result;
            }
            int slash = type.indexOf('/');
            if (slash > 0) {
                result = tryHandlers(handlers, type, slash, r);
                if (!result.isDeclined()) {
                    return result;
                }
            }
        }
        Result result = tryHandlers(handlers, "*/*", -1, r);
        return result.isDeclined() ? Result.error(HttpStatus.NOT_FOUND) : result;
    }

    /**
     * The handlers registered for {@code key}; with {@code majorLength} 0 or more, those for the
     * major type ({@code key} up to that length, a media type) followed by {@code /*}.
     */
    private static Result tryHandlers(ContentHandler.Registration[] handlers, String key, int majorLength,
            Request r) throws Exception {
        for (ContentHandler.Registration registration : handlers) {
            if (matches(registration.key(), key, majorLength)) {
                Result result = registration.handler().handle(r);
                if (!result.isDeclined()) {
                    return result;
                }
            }
        }
        return Result.DECLINED;
    }

    private static boolean matches(String registered, String key, int majorLength) {
        if (majorLength < 0) {
            return registered.equalsIgnoreCase(key);
        }
        return registered.length() == majorLength + 2 && registered.endsWith("/*")
                && registered.regionMatches(true, 0, key, 0, majorLength);
    }

    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        // toLowerCase gives back the same string when nothing in it is upper case
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Serves {@code newPath} in place of {@code r} (a local ErrorDocument): the
     * phases run again from translate_name, and the new request makes the response.
     */
    static Result internalRedirect(Request r, String newPath, String method) throws Exception {
        return internalRedirect(r, newPath, method, false);
    }

    /**
     * {@code DirectoryIndex}'s redirect to an index, or {@code FallbackResource}'s: the new request
     * {@linkplain Request#standForPrevious() stands for} the one that asked for the directory or
     * the missing file, as httpd's fast redirect makes it.
     */
    static Result indexRedirect(Request r, String newPath) throws Exception {
        return internalRedirect(r, newPath, r.method(), true);
    }

    private static Result internalRedirect(Request r, String newPath, String method, boolean index) throws Exception {
        if (tooDeep(r)) {
            return Result.error(HttpStatus.INTERNAL_SERVER_ERROR);
        }
        Request next = r.redirected(newPath, method, !index);
        next.status(r.status());
        if (index) {
            next.standForPrevious();
        }
        return process(next);
    }

    /**
     * mod_rewrite's internal redirect: {@code newPath} (decoded) with {@code query} (encoded, or
     * null for none) served in place of {@code r}, the phases run again from translate_name; the
     * {@code Vary} the rules gave (or null) is kept.
     */
    static Result rewriteRedirect(Request r, String newPath, String query, String vary) throws Exception {
        if (tooDeep(r)) {
            return Result.error(HttpStatus.INTERNAL_SERVER_ERROR);
        }
        Request next = r.redirected(newPath, r.method(), true);
        next.query(query);
        if (vary != null) {
            next.headersOut().set("Vary", vary);
        }
        next.status(r.status());
        return process(next);
    }

    /**
     * A handler's internal redirect to {@code newPath} (decoded) with {@code query} (encoded, or
     * null): the new request is a GET (a HEAD stays without a body), its variables renamed.
     */
    static Result redirectAsGet(Request r, String newPath, String query) throws Exception {
        if (tooDeep(r)) {
            return Result.error(HttpStatus.INTERNAL_SERVER_ERROR);
        }
        Request next = r.redirected(newPath, r.headerOnly() ? "HEAD" : "GET", true);
        next.query(query);
        next.status(HttpStatus.OK);
        return process(next);
    }

    /** Whether {@code r} comes at the end of as many internal redirects as one request may take. */
    private static boolean tooDeep(Request r) {
        int limit = r.virtualHost().config(HttpServerConfig.KEY).maxInternalRedirects();
        int depth = 0;
        for (Request p = r; p != null; p = p.previous()) {
            if (++depth > limit) {
                LOG.error("{}: Request exceeded the limit of {} internal redirects due to probable configuration"
                        + " error (a DirectoryIndex, ErrorDocument, FallbackResource or RewriteRule loop?). Use"
                        + " 'LimitInternalRecursion' to increase the limit if necessary.", r, limit);
                return true;
            }
        }
        return false;
    }

    // ---- the module's own phase functions ----

    /** access_checker: the framework's access control for the file's configuration. */
    static Result checkAccess(Request r, AccessChecker checker) {
        AccessRequest question = new AccessRequest(r.clientAddress(),
                r.connection().localAddress().getAddress(), r.clientHost(),
                basicCredentials(r.headersIn().get("Authorization")), r.dirConfig(), r.path(), r.method(), r::env, r);
        AccessDecision decision = checker.check(question);
        switch (decision.outcome()) {
            case GRANTED -> {
                decision.user().ifPresent(r::user);
                return Result.OK;
            }
            case DENIED -> {
                return Result.FORBIDDEN;
            }
            case AUTH_REQUIRED -> {
                if (question.credentials() != null) {
                    // who tried, for the log (%u), as httpd knows the user before checking the password
                    r.user(question.credentials().user());
                }
                String realm = decision.realm().orElse("").replace("\\", "\\\\").replace("\"", "\\\"");
                r.errorHeadersOut().set("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
                return Result.UNAUTHORIZED;
            }
            default -> {
                return Result.SERVER_ERROR;
            }
        }
    }

    static Credentials basicCredentials(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] words = authorization.strip().split("\\s+", 2);
        if (words.length != 2 || !words[0].equalsIgnoreCase("Basic")) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(words[1].strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- error responses ----

    /** Statuses after which Apache does not keep the connection (ap_status_drops_connection). */
    private static boolean dropsConnection(int status) {
        return switch (status) {
            case 400, 408, 411, 413, 414, 417, 500, 501, 503 -> true;
            default -> false;
        };
    }

    /** Answers {@code r} with {@code status}: its ErrorDocument, or the standard page. */
    static void sendError(Request r, int status) throws IOException {
        if (!dropsConnection(status) && r.bodyPending()) {
            // the error does not depend on the body: read it off now, so the connection can
            // be kept, or a malformed one is what gets answered
            try {
                r.discardBody();
            } catch (HttpException e) {
                LOG.info("{}: {}", r, e.getMessage());
                r.connection().keepAlive(false);
                status = e.status();
            }
        }
        if (dropsConnection(status)) {
            r.connection().keepAlive(false);
        }
        r.status(status);
        r.markErrorResponse();
        // the page is the server's, not the resource's: no filter the request added (DEFLATE,
        // SetOutputFilter) applies to it, as httpd starts an error response on its protocol filters
        r.removeOutputFilters();
        String location = r.headersOut().get("Location");
        r.headersOut().clear();
        r.handler(null);
        // an error page is not the file: none of its codings or languages (as httpd)
        r.contentEncoding(null);
        r.contentLanguages(null);
        if (status >= 300 && status < 400 && location != null) {
            r.headersOut().set("Location", location);
        }
        if ((status == HttpStatus.METHOD_NOT_ALLOWED || status == HttpStatus.NOT_IMPLEMENTED)
                && r.errorHeadersOut().get("Allow") == null) {
            // httpd says what is allowed on both
            r.errorHeadersOut().set("Allow", StaticFiles.allow(r));
        }
        String document = status >= 400 ? errorDocument(r, status) : null;
        if (document != null && !document.isEmpty() && r.previous() == null) {
            if (document.startsWith("/")) {
                try {
                    String method = r.method().equals("HEAD") ? "HEAD" : "GET";
                    Result result = internalRedirect(r, document, method);
                    Request last = r.last();
                    if (!result.isError() && !result.isDeclined()) {
                        return;
                    }
                    if (last != r && !last.committed()) {
                        // the error document itself failed: fall back to the standard page
                        r.unlinkNext();
                    }
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    LOG.error("{}: ErrorDocument {} failed", r, document, e);
                    r.unlinkNext();
                }
                if (r.committed() || r.last().committed()) {
                    return;
                }
            } else if (document.contains("://")) {
                if (status != HttpStatus.UNAUTHORIZED) {
                    r.status(HttpStatus.FOUND);
                    r.headersOut().set("Location", document);
                    body(r, standardPage(HttpStatus.FOUND, r, document));
                    return;
                }
            } else {
                r.contentType("text/html; charset=iso-8859-1");
                body(r, document);
                return;
            }
        }
        body(r, standardPage(status, r, r.headersOut().get("Location")));
    }

    private static String errorDocument(Request r, int status) {
        return r.dirConfig().get(HttpDirConfig.KEY).errorDocuments.get(status);
    }

    private static void body(Request r, String text) throws IOException {
        r.contentType(r.contentType() != null && r.status() < 300 ? r.contentType() : "text/html; charset=iso-8859-1");
        if (!r.contentType().startsWith("text/html")) {
            r.contentType("text/html; charset=iso-8859-1");
        }
        Brigade brigade = new Brigade();
        brigade.addLast(DataBucket.of(text, StandardCharsets.ISO_8859_1));
        brigade.addEos();
        brigade.addFlush();
        r.pass(brigade);
    }

    /** The {@link #ERROR_NOTES} a page shows as they are (they are the server's own words), or "". */
    private static String errorNotes(Request r) {
        String notes = r.note(ERROR_NOTES);
        return notes == null ? "" : notes;
    }

    static String standardPage(int status, Request r, String location) {
        String reason = HttpStatus.reasonPhrase(status);
        String text = switch (status) {
            case 301, 302, 307, 308 -> "<p>The document has moved <a href=\"" + escape(location) + "\">here</a>.</p>\n";
            case 303 -> "<p>The answer to your request is located <a href=\"" + escape(location) + "\">here</a>.</p>\n";
            case 400 -> "<p>Your browser sent a request that this server could not understand.<br />\n"
                    + errorNotes(r) + "</p>\n";
            case 401 -> "<p>This server could not verify that you\nare authorized to access the document\n"
                    + "requested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\n"
                    + "browser doesn't understand how to supply\nthe credentials required.</p>\n";
            case 403 -> "<p>You don't have permission to access this resource." + errorNotes(r) + "</p>\n";
            case 404 -> "<p>The requested URL was not found on this server.</p>\n";
            case 405 -> "<p>The requested method " + escape(r.method()) + " is not allowed for this URL.</p>\n";
            case 406 -> "<p>An appropriate representation of the requested resource could not be found on this"
                    + " server.</p>\n" + (r.note(Negotiation.VARIANTS_NOTE) == null ? "" : r.note(Negotiation.VARIANTS_NOTE));
            case 408 -> "<p>Server timeout waiting for the HTTP request from the client.</p>\n";
            case 410 -> "<p>The requested resource is no longer available on this server and there is no forwarding"
                    + " address.\nPlease remove all references to this resource.</p>\n";
            case 411 -> "<p>A request of the requested method " + escape(r.method())
                    + " requires a valid Content-length.<br />\n</p>\n";
            case 412 -> "<p>The precondition on the request for this URL evaluated to false.</p>\n";
            // httpd's own text for 413 has no paragraph
            case 413 -> "The requested resource does not allow request data with " + escape(r.method())
                    + " requests, or the amount of data provided in\nthe request exceeds the capacity limit.\n";
            case 414 -> "<p>The requested URL's length exceeds the capacity\nlimit for this server.<br />\n</p>\n";
            case 416 -> "<p>None of the range-specifier values in the Range\nrequest-header field overlap the current"
                    + " extent\nof the selected resource.</p>\n";
            case 417 -> expectationFailed(r);
            case 421 -> "<p>The client needs a new connection for this\nrequest as the requested host name does not"
                    + " match\nthe Server Name Indication (SNI) in use for this\nconnection.</p>\n";
            case 431 -> "<p>The server refused this request because\nthe request header fields are too large.</p>\n";
            case 501 -> "<p>" + escape(r.method()) + " not supported for current URL.<br />\n</p>\n";
            case 503 -> "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or"
                    + " capacity\nproblems. Please try again later.</p>\n";
            case 505 -> "<p>The HTTP version of the request is not supported by this server.</p>\n";
            default -> internalError(r);
        };
        return DirectoryListing.HTML_4_01 + "<html><head>\n<title>" + status + " " + reason
                + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n" + text + ServerSignature.of(r, "<hr>\n")
                + "</body></html>\n";
    }

    /** httpd's text for 417, which shows the expectation the client sent. */
    private static String expectationFailed(Request r) {
        String expect = r.note(EXPECT_NOTE);
        String said = expect == null
                ? "<p>No expectation was seen, the Expect request-header \nfield was not presented by the client.\n"
                : "<p>The expectation given in the Expect request-header\nfield could not be met by this server.\n"
                        + "The client sent<pre>\n    Expect: " + escape(expect) + "\n</pre>\n";
        return said + "</p><p>Only the 100-continue expectation is supported.</p>\n";
    }

    /** httpd's text for 500 (and any status it has no words for), which names {@code ServerAdmin}. */
    private static String internalError(Request r) {
        return "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\n"
                + "your request.</p>\n<p>Please contact the server administrator at \n "
                + escape(r.virtualHost().config(HttpServerConfig.KEY).serverAdmin())
                + " to inform them of the time this error occurred,\n and the actions you performed just before"
                + " this error.</p>\n<p>More information about this error may be available\nin the server error"
                + " log.</p>\n";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
