package org.sluice.http;

/**
 * How a request's body is delimited (RFC 9112 §6.3): not at all, by {@code Content-Length},
 * or by the chunked transfer coding.
 *
 * @param kind which of the three
 * @param length the body's length for {@link Kind#LENGTH}; 0 for NONE, -1 for CHUNKED
 */
public record BodyFraming(Kind kind, long length) {

    public enum Kind {
        /** No body: neither Content-Length nor Transfer-Encoding was sent. */
        NONE,
        /** Exactly {@link #length()} bytes. */
        LENGTH,
        /** Chunks until the zero-size chunk and the trailer section. */
        CHUNKED
    }

    public static final BodyFraming NONE = new BodyFraming(Kind.NONE, 0);
    public static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1);

    public BodyFraming {
        if (kind == null || (kind == Kind.LENGTH ? length < 0 : length != (kind == Kind.NONE ? 0 : -1))) {
            throw new IllegalArgumentException("inconsistent body framing: " + kind + " " + length);
        }
    }

    /** A body of exactly {@code length} bytes. */
    public static BodyFraming length(long length) {
        return new BodyFraming(Kind.LENGTH, length);
    }

    /** True if body bytes follow the head. */
    public boolean hasBody() {
        return kind == Kind.CHUNKED || length > 0;
    }

    @Override
    public String toString() {
        return kind == Kind.LENGTH ? "LENGTH(" + length + ")" : kind.name();
    }
}
