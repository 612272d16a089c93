package org.sluice.command.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.access.AccessDecision;
import org.sluice.access.AccessRequest;
import org.sluice.access.Credentials;
import org.sluice.brigade.Brigade;
import org.sluice.command.Command;
import org.sluice.command.CommandSession;
import org.sluice.command.Login;
import org.sluice.connection.Connection;
import org.sluice.filter.LineTooLongException;
import org.sluice.telnet.TelnetOptions;

/**
 * One client's session, in the protocol's order:
 *
 * <pre>
 *  address check ──refused──▶ "Access Denied", close
 *       │ login needed                 │ no login needed
 *       ▼                              │
 *  "Login: " / "Password: " ◀─wrong─┐  │
 *       │ right       (up to CommandLoginAttempts, a pause after each)
 *       ▼                              ▼
 *  "Welcome to ...", "Available commands: ..."
 *       ▼
 *  commands until quit, end of stream or Timeout
 * </pre>
 *
 * <p>Lines longer than {@link LineReader#MAX_LINE}: at a prompt the client is refused; at the
 * command loop the line is answered with an error and dropped, and the session goes on.
 */
final class CommandSessionRunner implements CommandSession {

    private static final Logger LOG = LoggerFactory.getLogger(CommandSessionRunner.class);

    /** The {@code <Location>} whose access rules apply. */
    static final String LOCATION = "command";

    private final Connection connection;
    private final CommandHandler.Setup setup;
    private final CommandConfig config;
    private final LineReader lines;
    private final TelnetOptions telnet;
    private final Logins logins;
    private Login login;

    CommandSessionRunner(Connection connection, CommandHandler.Setup setup) {
        this.connection = connection;
        this.setup = setup;
        this.config = connection.virtualHost().config(CommandConfig.KEY);
        this.lines = new LineReader(connection);
        this.telnet = TelnetOptions.of(connection);
        this.logins = Logins.of(connection.virtualHost().server());
    }

    void run() throws IOException {
        String user = authenticate();
        if (user == null) {
            return;
        }
        login = new Login(user, connection.remoteAddress(), Instant.now(), connection.id());
        logins.add(login);
        Login mine = login;
        connection.pool().addCleanup(() -> logins.remove(mine));
        LOG.info("client {} logged in to {} as {}", connection.remoteIp(), connection.virtualHost().serverName(), user);
        serveCommands();
    }

    // ---- access: the address, then Login/Password ----

    /** The user allowed in ({@link Login#ANONYMOUS} if none was needed), or null once refused or gone. */
    private String authenticate() throws IOException {
        AccessRequest request = AccessRequest.of(connection.remoteAddress().getAddress(), connection.virtualHost().location(LOCATION))
                .withLocal(connection.localAddress().getAddress())
                .withRemoteHost(connection.remoteHost())
                .withTarget(LOCATION);
        AccessDecision decision = setup.checker().check(request);
        switch (decision.outcome()) {
            case GRANTED -> {
                return decision.user().orElse(Login.ANONYMOUS);
            }
            case AUTH_REQUIRED -> {
            }
            case DENIED, ERROR -> {
                return denied();
            }
        }
        for (int attempt = 1; attempt <= config.loginAttempts(); attempt++) {
            Credentials credentials;
            try {
                credentials = askCredentials();
            } catch (LineTooLongException e) {
                return denied();
            }
            if (credentials == null) {
                return null;
            }
            decision = setup.checker().check(request.withCredentials(credentials));
            switch (decision.outcome()) {
                case GRANTED -> {
                    return decision.user().orElse(credentials.user());
                }
                case AUTH_REQUIRED -> pause(config.failureDelay());
                case DENIED, ERROR -> {
                    return denied();
                }
            }
            if (attempt < config.loginAttempts()) {
                println("Login incorrect");
            }
        }
        return denied();
    }

    /** What the client typed at the prompts, or null if it went away. */
    private Credentials askCredentials() throws IOException {
        String user;
        do {
            print("Login: ");
            user = lines.readLine();
            if (user == null) {
                return null;
            }
            user = user.strip();
        } while (user.isEmpty());
        telnet.hideInput();
        print("Password: ");
        String password = lines.readLine();
        if (password == null) {
            return null;
        }
        telnet.showInput();
        println(""); // the client did not echo the Enter either
        return new Credentials(user, password);
    }

    private String denied() throws IOException {
        println("Access Denied");
        return null;
    }

    private static void pause(Duration delay) throws InterruptedIOException {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the login failure delay");
        }
    }

    // ---- commands ----

    private void serveCommands() throws IOException {
        println("Welcome to the Sluice command server on " + connection.virtualHost().serverName()
                + (login.user().equals(Login.ANONYMOUS) ? "." : ", " + login.user() + "."));
        println(BuiltInCommands.available(setup.commands()));
        while (true) {
            String line;
            try {
                line = lines.readLine();
            } catch (LineTooLongException e) {
                println("Line too long (the limit is " + LineReader.MAX_LINE + " bytes); ignored.");
                continue;
            }
            if (line == null) {
                return;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = firstWhitespace(line);
            String name = line.substring(0, space).toLowerCase(Locale.ROOT);
            String arguments = line.substring(space).strip();
            Command command = find(name);
            if (command == null) {
                println("Unknown command '" + visible(name) + "'. " + BuiltInCommands.available(setup.commands()));
            } else if (run(command, arguments) == Command.Outcome.QUIT) {
                println("Bye.");
                return;
            }
        }
    }

    private Command.Outcome run(Command command, String arguments) throws IOException {
        try {
            return command.run(this, arguments);
        } catch (RuntimeException e) {
            LOG.error("command '{}' ({}) failed for client {}", command.name(), command.getClass().getName(),
                    connection.remoteIp(), e);
            println("Command '" + command.name() + "' failed; the error is in the server log.");
            return Command.Outcome.CONTINUE;
        }
    }

    private Command find(String name) {
        for (Command command : setup.commands()) {
            if (command.name().equalsIgnoreCase(name)) {
                return command;
            }
        }
        return null;
    }

    /** {@code text} with control characters as a terminal shows them ({@code ^D}), never sent back raw. */
    private static String visible(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                shown.append('^').append(c == 0x7f ? '?' : (char) (c + 64));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    private static int firstWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return line.length();
    }

    // ---- CommandSession ----

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public Login login() {
        return login;
    }

    @Override
    public List<Login> logins() {
        return logins.list();
    }

    @Override
    public List<Command> commands() {
        return setup.commands();
    }

    @Override
    public void println(String text) throws IOException {
        print(text + "\n");
    }

    @Override
    public void print(String text) throws IOException {
        // a FLUSH is cheap: while more input is waiting the core filter holds it, so a burst
        // of commands is answered in one write
        try (Brigade out = new Brigade()) {
            out.write(text.replace("\r\n", "\n").replace("\n", "\r\n"));
            connection.output().flush(out);
        }
    }
}
