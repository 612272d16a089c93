package org.sluice.http;

/**
 * The bounds on what a client may send, named after Apache's directives.
 *
 * @param requestLine longest request line, without its CRLF ({@code LimitRequestLine})
 * @param requestFields most header fields, and most trailer fields, 0 for no limit
 *     ({@code LimitRequestFields})
 * @param requestFieldSize longest header or trailer field line, without its CRLF
 *     ({@code LimitRequestFieldSize})
 * @param requestBody most body bytes after de-chunking, 0 for no limit ({@code LimitRequestBody})
 */
public record HttpLimits(int requestLine, int requestFields, int requestFieldSize, long requestBody) {

    /** Apache httpd 2.4's defaults: 8190, 100, 8190 and 1 GiB. */
    public static final HttpLimits DEFAULT = new HttpLimits(8190, 100, 8190, 1L << 30);

    /** Longest chunk-extension part of one chunk-size line. */
    public static final int CHUNK_EXTENSION_LIMIT = 4096;

    public HttpLimits {
        if (requestLine < 1 || requestFields < 0 || requestFieldSize < 1 || requestBody < 0) {
            throw new IllegalArgumentException("limits out of range: LimitRequestLine " + requestLine
                    + ", LimitRequestFields " + requestFields + ", LimitRequestFieldSize " + requestFieldSize
                    + ", LimitRequestBody " + requestBody);
        }
    }

    public HttpLimits withRequestLine(int value) {
        return new HttpLimits(value, requestFields, requestFieldSize, requestBody);
    }

    public HttpLimits withRequestFields(int value) {
        return new HttpLimits(requestLine, value, requestFieldSize, requestBody);
    }

    public HttpLimits withRequestFieldSize(int value) {
        return new HttpLimits(requestLine, requestFields, value, requestBody);
    }

    public HttpLimits withRequestBody(long value) {
        return new HttpLimits(requestLine, requestFields, requestFieldSize, value);
    }

    /** True if {@code count} fields exceed {@link #requestFields()}. */
    boolean fieldsExceed(int count) {
        return requestFields > 0 && count > requestFields;
    }

    /** True if {@code bytes} of body exceed {@link #requestBody()}. */
    boolean bodyExceeds(long bytes) {
        return requestBody > 0 && bytes > requestBody;
    }
}
