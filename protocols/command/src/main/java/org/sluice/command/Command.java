package org.sluice.command;

import java.io.IOException;

/**
 * A command of the command server, the extension point other modules plug into. A module
 * registers its commands when it is loaded, and they appear in {@code help} and in
 * {@code Available commands:} of every command server of the process:
 *
 * <pre>{@code
 * public final class UptimeModule implements Module {
 *     public String name() { return "uptime"; }
 *     public void register(Registry registry) {
 *         registry.extension(Command.class, new UptimeCommand());
 *     }
 * }
 *
 * final class UptimeCommand implements Command {
 *     public String name() { return "uptime"; }
 *     public String help() { return "how long the server has been running"; }
 *     public Outcome run(CommandSession session, String arguments) throws IOException {
 *         session.println("up " + Duration.between(session.server().startTime(), Instant.now()));
 *         return Outcome.CONTINUE;
 *     }
 * }
 * }</pre>
 *
 * <p>Commands run on the connection's own (virtual) thread and may block, but they hold the
 * session while they do. One instance serves every session concurrently: keep per-session
 * state in {@link CommandSession#connection()} notes, not in fields. Only logged-in clients
 * (or clients the {@code <Location command>} lets in without a login) reach commands;
 * a command that needs more, e.g. a given user, checks {@link CommandSession#login()}.
 *
 * <p><strong>Security:</strong> the arguments are whatever the client typed, up to the line
 * limit. Never pass them to a shell or use them as a file name without checking them.
 */
public interface Command {

    /** What the session does after a command. */
    enum Outcome {
        /** Read the next command. */
        CONTINUE,
        /** End the session and close the connection. */
        QUIT
    }

    /**
     * The word the client types, lower case without spaces, e.g. {@code uptime}; matched
     * case-insensitively. A name a built-in command or an earlier module already uses is
     * ignored, with a warning.
     */
    String name();

    /** One line for {@code help}, e.g. {@code how long the server has been running}. */
    String help();

    /**
     * Runs the command and writes its answer.
     *
     * @param arguments what followed the name on the line, trimmed; empty when nothing did
     */
    Outcome run(CommandSession session, String arguments) throws IOException;
}
