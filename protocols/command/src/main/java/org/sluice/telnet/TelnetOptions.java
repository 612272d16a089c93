package org.sluice.telnet;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.Note;

/**
 * The telnet options in force on one connection, shared by the {@link TelnetInputFilter}
 * (which answers what the client asks) and the protocol (which asks the client to stop
 * echoing while it types a password).
 *
 * <pre>{@code
 * TelnetOptions telnet = TelnetOptions.of(connection);
 * telnet.hideInput();                 // IAC WILL ECHO: the client stops its local echo
 * String password = prompt("Password: ");
 * telnet.showInput();                 // IAC WONT ECHO: the client echoes again
 * }</pre>
 *
 * <p>The policy is deliberately small: the server offers ECHO only while input is hidden (it
 * never echoes anything itself, so the password stays invisible), agrees to
 * SUPPRESS-GO-AHEAD in both directions, and refuses every other option with DONT or WONT.
 * Negotiation follows RFC 1143's rules, so an answer is never itself answered and two sides
 * cannot loop. A client that does not speak telnet (nc, a script) simply sees the three bytes
 * of {@code IAC WILL ECHO} and {@code IAC WONT ECHO} around the password prompt.
 *
 * <p>Not thread-safe: use it from the connection's handler thread, as the filter does.
 */
public final class TelnetOptions {

    private static final Logger LOG = LoggerFactory.getLogger(TelnetOptions.class);
    private static final Note<TelnetOptions> NOTE = Note.of("telnet-options", TelnetOptions.class);

    /** RFC 1143's states of one side of one option. */
    private enum State { NO, WANT_YES, YES, WANT_NO }

    private final Connection connection;
    private final State[] local = new State[256];
    private final boolean[] remote = new boolean[256];
    private boolean hidingInput;

    private TelnetOptions(Connection connection) {
        this.connection = connection;
        Arrays.fill(local, State.NO);
    }

    /** The connection's options, created on first use. */
    public static TelnetOptions of(Connection connection) {
        TelnetOptions options = connection.note(NOTE);
        if (options == null) {
            options = new TelnetOptions(connection);
            connection.note(NOTE, options);
        }
        return options;
    }

    /** Asks the client not to echo what it types ({@code IAC WILL ECHO}), e.g. before a password prompt. */
    public void hideInput() throws IOException {
        hidingInput = true;
        if (local[Telnet.ECHO] == State.NO || local[Telnet.ECHO] == State.WANT_NO) {
            local[Telnet.ECHO] = State.WANT_YES;
            send(Telnet.WILL, Telnet.ECHO);
        }
    }

    /** Lets the client echo what it types again ({@code IAC WONT ECHO}). */
    public void showInput() throws IOException {
        hidingInput = false;
        if (local[Telnet.ECHO] == State.YES || local[Telnet.ECHO] == State.WANT_YES) {
            local[Telnet.ECHO] = State.WANT_NO;
            send(Telnet.WONT, Telnet.ECHO);
        }
    }

    /** Whether the server has agreed to do {@code option} (the client sent DO and the server WILL). */
    public boolean serverDoes(int option) {
        return local[option & 0xff] == State.YES;
    }

    /** Whether the client has agreed to do {@code option} (the server sent DO and the client WILL). */
    public boolean clientDoes(int option) {
        return remote[option & 0xff];
    }

    /** Answers {@code IAC verb option} from the client. */
    void received(int verb, int option) throws IOException {
        LOG.trace("connection {}: telnet {} {}", connection.id(), Telnet.name(verb), option);
        switch (verb) {
            case Telnet.DO -> receivedDo(option);
            case Telnet.DONT -> receivedDont(option);
            case Telnet.WILL -> receivedWill(option);
            case Telnet.WONT -> receivedWont(option);
            default -> throw new IllegalArgumentException("not a negotiation verb: " + verb);
        }
    }

    private boolean serverWants(int option) {
        return option == Telnet.SUPPRESS_GO_AHEAD || (option == Telnet.ECHO && hidingInput);
    }

    private void receivedDo(int option) throws IOException {
        switch (local[option]) {
            case NO -> {
                if (serverWants(option)) {
                    local[option] = State.YES;
                    send(Telnet.WILL, option);
                } else {
                    send(Telnet.WONT, option);
                }
            }
            case WANT_YES -> local[option] = State.YES;
            case WANT_NO -> local[option] = State.NO;   // RFC 1143: our WONT was answered with DO
            case YES -> { }
        }
    }

    private void receivedDont(int option) throws IOException {
        State was = local[option];
        local[option] = State.NO;
        if (was == State.YES) {
            send(Telnet.WONT, option);
        }
    }

    private void receivedWill(int option) throws IOException {
        if (remote[option]) {
            return;
        }
        if (option == Telnet.SUPPRESS_GO_AHEAD) {
            remote[option] = true;
            send(Telnet.DO, option);
        } else {
            send(Telnet.DONT, option);
        }
    }

    private void receivedWont(int option) throws IOException {
        if (remote[option]) {
            remote[option] = false;
            send(Telnet.DONT, option);
        }
    }

    /** Sends {@code IAC verb option} (held while more input is waiting, like any flush). */
    private void send(int verb, int option) throws IOException {
        try (Brigade out = new Brigade()) {
            out.addLast(Unpooled.wrappedBuffer(new byte[] {(byte) Telnet.IAC, (byte) verb, (byte) option}));
            connection.output().flush(out);
        }
    }
}
