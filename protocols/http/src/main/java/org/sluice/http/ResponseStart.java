package org.sluice.http;

import org.sluice.brigade.MetadataBucket;

/**
 * Marks the start of a response in the output brigade: the HTTP output filter turns it into
 * the status line and header fields. Filters above it (content filters such as DEFLATE) may
 * still change the request's headers when they see it.
 */
public final class ResponseStart extends MetadataBucket {

    private final Request request;

    ResponseStart(Request request) {
        super("HTTP_RESPONSE");
        this.request = request;
    }

    public Request request() {
        return request;
    }
}
