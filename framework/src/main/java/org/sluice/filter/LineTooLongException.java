package org.sluice.filter;

import java.io.IOException;

/** A GETLINE read found no line end within the allowed length. */
public final class LineTooLongException extends IOException {

    private final long limit;

    public LineTooLongException(long limit) {
        super("line longer than " + limit + " bytes");
        this.limit = limit;
    }

    /** The longest line that was allowed. */
    public long limit() {
        return limit;
    }
}
