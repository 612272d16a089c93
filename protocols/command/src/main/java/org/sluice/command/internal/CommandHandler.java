package org.sluice.command.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.access.AccessChecker;
import org.sluice.access.AuthenticationProvider;
import org.sluice.command.Command;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.hook.Result;
import org.sluice.server.Server;
import org.sluice.telnet.TelnetInputFilter;

/**
 * {@code ProtocolHandler command}: puts the telnet filter in front of the connection's input,
 * then runs a {@link CommandSessionRunner} on it.
 */
public final class CommandHandler implements ConnectionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    /** What every session of this configuration shares, made on the first connection. */
    record Setup(AccessChecker checker, List<Command> commands) {
    }

    private volatile Setup setup;

    @Override
    public Result handle(Connection connection) throws Exception {
        // the protocol adds its own framing filter: telnet negotiation never reaches the commands
        connection.input().add(TelnetInputFilter.NAME);
        new CommandSessionRunner(connection, setup(connection.virtualHost().server())).run();
        return Result.OK;
    }

    private Setup setup(Server server) {
        Setup s = setup;
        if (s == null) {
            synchronized (this) {
                s = setup;
                if (s == null) {
                    s = new Setup(AccessChecker.create(server.extensions(AuthenticationProvider.class)),
                            commands(server.extensions(Command.class)));
                    setup = s;
                }
            }
        }
        return s;
    }

    /** The built-in commands, then those of other modules in load order; a clashing name is skipped. */
    static List<Command> commands(List<Command> extensions) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command command : BuiltInCommands.all()) {
            byName.put(command.name(), command);
        }
        for (Command command : extensions) {
            String name = command.name() == null ? "" : command.name().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                LOG.warn("ignoring command '{}' of {}: a command name is one word", name, command.getClass().getName());
            } else if (byName.containsKey(name)) {
                LOG.warn("ignoring command '{}' of {}: {} already has that name",
                        name, command.getClass().getName(), byName.get(name));
            } else {
                byName.put(name, command);
            }
        }
        return List.copyOf(new ArrayList<>(byName.values()));
    }
}
