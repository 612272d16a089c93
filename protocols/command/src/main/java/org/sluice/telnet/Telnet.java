package org.sluice.telnet;

/**
 * The bytes of telnet's command language (RFC 854) and the options Sluice knows by name
 * (RFC 857 ECHO, RFC 858 SUPPRESS-GO-AHEAD, RFC 1073 NAWS, ...). A command is
 * {@code IAC <verb>} or, for option negotiation, {@code IAC <WILL|WONT|DO|DONT> <option>};
 * a data byte 255 travels as {@code IAC IAC}.
 */
public final class Telnet {

    /** Interpret As Command: every command starts with it. */
    public static final int IAC = 255;
    public static final int DONT = 254;
    public static final int DO = 253;
    public static final int WONT = 252;
    public static final int WILL = 251;
    /** Subnegotiation begin: {@code IAC SB <option> ... IAC SE}. */
    public static final int SB = 250;
    public static final int GA = 249;
    public static final int EL = 248;
    public static final int EC = 247;
    public static final int AYT = 246;
    public static final int AO = 245;
    public static final int IP = 244;
    public static final int BRK = 243;
    public static final int DM = 242;
    public static final int NOP = 241;
    /** Subnegotiation end. */
    public static final int SE = 240;

    /** Option: the side that WILLs it echoes what the other side types. */
    public static final int ECHO = 1;
    /** Option: no GA after each reply; with it a client sends every key press at once. */
    public static final int SUPPRESS_GO_AHEAD = 3;
    public static final int STATUS = 5;
    public static final int TIMING_MARK = 6;
    public static final int TERMINAL_TYPE = 24;
    /** Option: Negotiate About Window Size. */
    public static final int NAWS = 31;
    public static final int TERMINAL_SPEED = 32;
    public static final int LINEMODE = 34;
    public static final int NEW_ENVIRON = 39;

    private Telnet() {
    }

    /** Whether {@code verb} is one of WILL, WONT, DO, DONT (followed by an option byte). */
    static boolean isNegotiation(int verb) {
        return verb >= WILL && verb <= DONT;
    }

    /** The verb's name, for logs. */
    static String name(int verb) {
        return switch (verb) {
            case WILL -> "WILL";
            case WONT -> "WONT";
            case DO -> "DO";
            case DONT -> "DONT";
            default -> Integer.toString(verb);
        };
    }
}
