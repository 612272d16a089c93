package org.sluice.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a response body is compressed by the {@code DEFLATE} filter
 * ({@link DeflateFilter}) and how the response's header fields change if so, the checks Apache's
 * mod_deflate makes before it compresses. Pure: it looks only at what it is given.
 *
 * <pre>{@code
 * DeflateDecision.Result result = DeflateDecision.defaults()
 *         .decide(request.method(), request.headers().all("Accept-Encoding"), status, headers);
 * headers = result.headers();
 * if (result.action() == DeflateDecision.Action.COMPRESS) {
 *     // insert new DeflateFilter(level) in front of the body
 * }
 * }</pre>
 *
 * <p>In order, a response is left as it is (not even {@code Vary} added) when it has no body by
 * its status (1xx, 204, 205), is a partial one (206 or {@code Content-Range}), already has a
 * {@code Content-Encoding} other than {@code identity}, or says {@code Cache-Control:
 * no-transform}, or has a {@code Content-Length} below {@link #minimumLength()} (but a 304).
 * Every other response varies with {@code Accept-Encoding}, so it gets
 * {@code Vary: Accept-Encoding}. It is then compressed when the client accepts gzip
 * ({@link #acceptsGzip}); compressing removes {@code Content-Length} and {@code Content-MD5},
 * sets {@code Content-Encoding: gzip} and changes the {@code ETag} ({@link EtagMode}).
 *
 * <p>A HEAD response and a 304 have no body to compress, but describe the representation a GET
 * or a 200 would have had: their header fields change as if compressing ({@code HEAD} fully; a
 * 304 only its {@code ETag} and {@code Vary}, the fields RFC 9110 §15.4.5 lets it carry), with
 * {@link Action#HEADERS_ONLY}.
 *
 * <p>The content type is not looked at: that is what {@code AddOutputFilterByType DEFLATE
 * text/html} chooses before asking.
 */
public record DeflateDecision(long minimumLength, EtagMode etagMode) {

    /**
     * Bodies known to be shorter are sent as they are, without {@code Vary}: httpd's mod_deflate
     * leaves a body of up to 68 bytes (the gzip header and trailer and 50 bytes of the fields it
     * would add) alone, as compressing would rather make the response longer.
     */
    public static final long DEFAULT_MINIMUM_LENGTH = 69;

    /** The suffix Apache adds to the entity tags of compressed responses. */
    public static final String ETAG_SUFFIX = "-gzip";

    private static final DeflateDecision DEFAULTS = new DeflateDecision(DEFAULT_MINIMUM_LENGTH, EtagMode.ADD_SUFFIX);

    public DeflateDecision {
        Objects.requireNonNull(etagMode, "etagMode");
        if (minimumLength < 0) {
            throw new IllegalArgumentException("the minimum length cannot be negative: " + minimumLength);
        }
    }

    /** Bodies of at least {@link #DEFAULT_MINIMUM_LENGTH} bytes, entity tags with {@code -gzip}. */
    public static DeflateDecision defaults() {
        return DEFAULTS;
    }

    /** What to do with a response. */
    public enum Action {
        /** Insert the filter: the body is compressed. */
        COMPRESS,
        /** No body (HEAD, 304), but the header fields describe the compressed representation. */
        HEADERS_ONLY,
        /** Send the body as it is. */
        IDENTITY
    }

    /** How a compressed response's {@code ETag} differs from the uncompressed one's ({@code DeflateAlterETag}). */
    public enum EtagMode {
        /** {@code "abc"} becomes {@code "abc-gzip"}: Apache's default ({@code AddSuffix}). */
        ADD_SUFFIX,
        /** {@code "abc"} becomes {@code W/"abc"}: nginx's way, the tag is no longer byte-exact. */
        WEAKEN,
        /** The {@code ETag} is removed ({@code Remove}). */
        REMOVE,
        /** The {@code ETag} stays as it is ({@code NoChange}); caches may then mix up the two. */
        NO_CHANGE
    }

    /**
     * The decision and the response's header fields to send.
     *
     * @param action what to do with the body
     * @param headers the response's header fields, changed as {@code action} requires
     * @param reason why, in a few words, for logs and debugging
     */
    public record Result(Action action, HttpHeaders headers, String reason) {
        public Result {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(reason, "reason");
        }

        public boolean compress() {
            return action == Action.COMPRESS;
        }
    }

    /** As {@link #decide(String, String, int, HttpHeaders)}, with every Accept-Encoding line. */
    public Result decide(String method, List<String> acceptEncoding, int status, HttpHeaders response) {
        return decide(method, acceptEncoding.isEmpty() ? null : String.join(", ", acceptEncoding), status, response);
    }

    /**
     * Decides for one response.
     *
     * @param method the request method, e.g. {@code GET}
     * @param acceptEncoding the request's {@code Accept-Encoding} value (several lines joined
     *     with {@code ", "}), or null when it has none
     * @param status the response status
     * @param response the response's header fields as they are before compression
     */
    public Result decide(String method, String acceptEncoding, int status, HttpHeaders response) {
        if (status < 200 || status == 204 || status == 205) {
            return keep(response, "status " + status + " has no body");
        }
        if (status == 206 || response.contains("Content-Range")) {
            return keep(response, "partial content");
        }
        String encoding = response.get("Content-Encoding");
        if (encoding != null && !encoding.strip().equalsIgnoreCase("identity")) {
            return keep(response, "already encoded (" + encoding + ")");
        }
        if (response.containsToken("Cache-Control", "no-transform")) {
            return keep(response, "Cache-Control: no-transform");
        }
        long length = contentLength(response);
        if (status != 304 && length >= 0 && length < minimumLength) {
            // sent as it is whatever the client accepts: it does not vary (httpd adds no Vary either)
            return keep(response, "body of " + length + " bytes is below the minimum of " + minimumLength);
        }
        HttpHeaders.Builder headers = response.toBuilder();
        addVary(response, headers);
        if (!acceptsGzip(acceptEncoding)) {
            return new Result(Action.IDENTITY, headers.build(), "client does not accept gzip");
        }
        if (status == 304) {
            alterEtag(response, headers);
            return new Result(Action.HEADERS_ONLY, headers.build(), "not modified");
        }
        headers.remove("Content-Length").remove("Content-MD5").set("Content-Encoding", "gzip");
        alterEtag(response, headers);
        if ("HEAD".equals(method)) {
            return new Result(Action.HEADERS_ONLY, headers.build(), "HEAD has no body");
        }
        return new Result(Action.COMPRESS, headers.build(), "compress");
    }

    /**
     * True if an {@code Accept-Encoding} value lets the response be gzip-compressed: {@code gzip}
     * (or {@code x-gzip}), else {@code *}, is listed with a weight above 0, and {@code identity}
     * is not listed with a higher one. No header at all means no: like Apache and nginx, and unlike
     * the letter of RFC 9110 §12.5.3, clients that say nothing get the identity.
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        int gzip = -1;
        int identity = -1;
        int any = -1;
        for (String element : acceptEncoding.split(",", -1)) {
            int semicolon = element.indexOf(';');
            String coding = (semicolon < 0 ? element : element.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                continue;
            }
            int weight = semicolon < 0 ? 1000 : weight(element.substring(semicolon + 1));
            if (weight < 0) {
                continue;
            }
            switch (coding) {
                case "gzip", "x-gzip" -> gzip = Math.max(gzip, weight);
                case "identity" -> identity = Math.max(identity, weight);
                case "*" -> any = Math.max(any, weight);
                default -> {
                    // another coding (br, deflate, zstd): not ours
                }
            }
        }
        int gzipWeight = gzip >= 0 ? gzip : any;
        int identityWeight = identity >= 0 ? identity : any;
        return gzipWeight > 0 && gzipWeight >= identityWeight;
    }

    /**
     * Entity tags from a request's {@code If-None-Match} or {@code If-Match} with the
     * {@link #ETAG_SUFFIX} taken out again, so that a client revalidating a compressed response
     * ({@code "abc-gzip"}) matches the resource's own tag ({@code "abc"}); Apache 2.4 does the same
     * before it compares them. Null stays null.
     */
    public static String withoutEtagSuffix(String entityTags) {
        return entityTags == null ? null : entityTags.replace(ETAG_SUFFIX + "\"", "\"");
    }

    /** The weight of {@code ;q=0.5} parameters in thousandths; -1 if malformed. */
    private static int weight(String parameters) {
        int weight = 1000;
        for (String parameter : parameters.split(";", -1)) {
            String p = parameter.strip();
            if (p.length() < 2 || Character.toLowerCase(p.charAt(0)) != 'q' || p.charAt(1) != '=') {
                continue; // not a weight; RFC 9110 allows no other parameter here, so ignore it
            }
            weight = parseQ(p.substring(2).strip());
            if (weight < 0) {
                return -1;
            }
        }
        return weight;
    }

    /** RFC 9110 §12.4.2: {@code "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")]}, in thousandths. */
    private static int parseQ(String q) {
        if (q.isEmpty() || q.length() > 5 || (q.charAt(0) != '0' && q.charAt(0) != '1')) {
            return -1;
        }
        int whole = q.charAt(0) - '0';
        if (q.length() == 1) {
            return whole * 1000;
        }
        if (q.charAt(1) != '.') {
            return -1;
        }
        int thousandths = 0;
        int scale = 100;
        for (int i = 2; i < q.length(); i++, scale /= 10) {
            char c = q.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            thousandths += (c - '0') * scale;
        }
        if (whole == 1 && thousandths != 0) {
            return -1;
        }
        return whole * 1000 + thousandths;
    }

    private static Result keep(HttpHeaders response, String reason) {
        return new Result(Action.IDENTITY, response, reason);
    }

    private static void addVary(HttpHeaders response, HttpHeaders.Builder headers) {
        if (response.containsToken("Vary", "Accept-Encoding") || response.containsToken("Vary", "*")) {
            return;
        }
        String vary = response.get("Vary");
        if (vary == null || response.count("Vary") > 1) {
            headers.add("Vary", "Accept-Encoding");
        } else {
            headers.set("Vary", vary.isBlank() ? "Accept-Encoding" : vary + ", Accept-Encoding");
        }
    }

    private void alterEtag(HttpHeaders response, HttpHeaders.Builder headers) {
        String etag = response.get("ETag");
        if (etag == null) {
            return;
        }
        switch (etagMode) {
            case ADD_SUFFIX -> headers.set("ETag", withSuffix(etag));
            case WEAKEN -> headers.set("ETag", etag.startsWith("W/") ? etag : "W/" + etag);
            case REMOVE -> headers.remove("ETag");
            case NO_CHANGE -> {
                // as configured
            }
        }
    }

    private static String withSuffix(String etag) {
        if (etag.endsWith(ETAG_SUFFIX + "\"") || etag.endsWith(ETAG_SUFFIX)) {
            return etag;
        }
        if (etag.length() >= 2 && etag.endsWith("\"")) {
            return etag.substring(0, etag.length() - 1) + ETAG_SUFFIX + "\"";
        }
        return etag + ETAG_SUFFIX;
    }

    /** The Content-Length, or -1 when absent or not a plain number. */
    private static long contentLength(HttpHeaders response) {
        String value = response.get("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
