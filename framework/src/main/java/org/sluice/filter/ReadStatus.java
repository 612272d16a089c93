package org.sluice.filter;

/** The outcome of an input filter read; errors are thrown as {@link java.io.IOException}s. */
public enum ReadStatus {
    /** Data (possibly only metadata) was added to the brigade. */
    OK,
    /** The stream has ended: nothing more will arrive. */
    EOF,
    /** A non-blocking read found nothing available. */
    AGAIN
}
