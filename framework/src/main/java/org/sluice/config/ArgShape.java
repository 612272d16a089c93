package org.sluice.config;

/** How many arguments a directive takes (Apache's {@code cmd_how}). */
public enum ArgShape {
    /** No argument. */
    NO_ARGS,
    /** One of {@code On} or {@code Off}. */
    FLAG,
    TAKE1,
    TAKE2,
    /** One or two. */
    TAKE12,
    TAKE3,
    /** Two or three. */
    TAKE23,
    /** One, two or three. */
    TAKE123,
    /** One or three. */
    TAKE13,
    /** One or more; the handler is called once per argument. */
    ITERATE,
    /** Two or more; the handler is called once per argument after the first. */
    ITERATE2,
    /** The rest of the line, unparsed. */
    RAW_ARGS
}
