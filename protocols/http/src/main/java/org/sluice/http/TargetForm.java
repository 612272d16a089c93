package org.sluice.http;

/** The four shapes of a request-target (RFC 9112 §3.2). */
public enum TargetForm {
    /** {@code /path?query}: the usual one. */
    ORIGIN,
    /** {@code http://host/path?query}: sent to proxies; its host overrides {@code Host}. */
    ABSOLUTE,
    /** {@code host:port}: only with CONNECT. */
    AUTHORITY,
    /** {@code *}: only with OPTIONS, meaning the server as a whole. */
    ASTERISK
}
