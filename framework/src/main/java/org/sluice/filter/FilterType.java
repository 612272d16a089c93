package org.sluice.filter;

/**
 * Where a filter sits in a chain, from the handler's end to the network's. Data leaving the
 * server passes RESOURCE filters first and NETWORK filters last; data arriving passes them in
 * the opposite order. Filters of one type keep the order in which they were added (a filter
 * added later sits nearer the network).
 */
public enum FilterType {
    /** Transforms the content of one resource (an HTTP response body, for instance). */
    RESOURCE,
    /** Transforms content independent of the resource (compression, character sets). */
    CONTENT,
    /** Speaks a protocol over the data (HTTP framing, chunking). */
    PROTOCOL,
    /** Changes the transfer encoding of a whole message. */
    TRANSCODE,
    /** Sees the raw bytes of the connection (logging, rate limits, case conversion). */
    CONNECTION,
    /** Talks to the network itself (TLS, the core filters). */
    NETWORK
}
