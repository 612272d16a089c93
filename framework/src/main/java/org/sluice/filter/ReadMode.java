package org.sluice.filter;

/** What an input filter's caller asks for; the names are Apache's {@code ap_input_mode_t}. */
public enum ReadMode {
    /** Up to the requested number of bytes: whatever is available, at least one when blocking. */
    READBYTES,
    /**
     * One line through its LF. The requested number of bytes is the longest line allowed: a
     * longer one fails with {@link LineTooLongException}, never a silently partial line. At end
     * of stream the last, unterminated, line is returned as it is.
     */
    GETLINE,
    /** Like READBYTES, but the data stays where it was: the next read sees it again. */
    SPECULATIVE,
    /** Everything until end of stream (at most the requested number of bytes, if positive). */
    EXHAUSTIVE,
    /** Consumes CR and LF bytes at the front and returns nothing (between pipelined requests). */
    EATCRLF
}
