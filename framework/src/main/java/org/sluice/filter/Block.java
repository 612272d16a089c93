package org.sluice.filter;

/** Whether a read may wait for data. */
public enum Block {
    /** Park the reading thread until data, end of stream, timeout or abort. */
    BLOCK,
    /** Return {@link ReadStatus#AGAIN} at once when nothing is available. */
    NONBLOCK
}
