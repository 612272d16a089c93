package org.sluice.command.internal;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.command.Command;
import org.sluice.command.CommandSession;
import org.sluice.command.Login;

/** The commands every command server has: {@code motd date who help quit}. */
final class BuiltInCommands {

    private static final Logger LOG = LoggerFactory.getLogger(BuiltInCommands.class);

    /** As date(1) prints it: {@code Tue Nov 24 10:23:01 UTC 2026}. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss zzz yyyy", Locale.ENGLISH);

    /** The most of the motd file that is sent; a longer file is cut. */
    static final int MAX_MOTD = 64 * 1024;

    private BuiltInCommands() {
    }

    static List<Command> all() {
        return List.of(
                command("motd", "the message of the day", (session, args) -> motd(session)),
                command("date", "the server's date and time", (session, args) -> {
                    session.println(date(Instant.now()));
                    return Command.Outcome.CONTINUE;
                }),
                command("who", "who is logged in: user, address, since when", (session, args) -> who(session)),
                command("help", "this list", (session, args) -> help(session)),
                command("quit", "end the session", (session, args) -> Command.Outcome.QUIT));
    }

    static String date(Instant when) {
        return DATE.format(when.atZone(ZoneId.systemDefault()));
    }

    /** {@code Available commands: motd date who help quit ...} */
    static String available(List<Command> commands) {
        return commands.stream().map(Command::name).collect(Collectors.joining(" ", "Available commands: ", ""));
    }

    private static Command.Outcome motd(CommandSession session) throws IOException {
        Optional<Path> file = session.connection().virtualHost().config(CommandConfig.KEY).motd();
        if (file.isEmpty()) {
            session.println("No message of the day.");
            return Command.Outcome.CONTINUE;
        }
        String text;
        try (InputStream in = Files.newInputStream(file.get())) {
            text = new String(in.readNBytes(MAX_MOTD), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("CommandMotd {}: cannot read the file ({}); client {} gets no message of the day",
                    file.get(), e.toString(), session.connection().remoteIp());
            session.println("No message of the day.");
            return Command.Outcome.CONTINUE;
        }
        if (text.isEmpty() || text.endsWith("\n")) {
            session.print(text);
        } else {
            session.println(text);
        }
        return Command.Outcome.CONTINUE;
    }

    private static Command.Outcome who(CommandSession session) throws IOException {
        for (Login login : session.logins()) {
            session.println(String.format("%-16s %-24s %s",
                    login.user(), NetUtil.toSocketAddressString(login.client()), date(login.since())));
        }
        return Command.Outcome.CONTINUE;
    }

    private static Command.Outcome help(CommandSession session) throws IOException {
        int width = session.commands().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Command command : session.commands()) {
            session.println(String.format("%-" + width + "s  %s", command.name(), command.help()));
        }
        return Command.Outcome.CONTINUE;
    }

    private static Command command(String name, String help, Body body) {
        return new Command() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String help() {
                return help;
            }

            @Override
            public Outcome run(CommandSession session, String arguments) throws IOException {
                return body.run(session, arguments);
            }

            @Override
            public String toString() {
                return "built-in command " + name;
            }
        };
    }

    @FunctionalInterface
    private interface Body {
        Command.Outcome run(CommandSession session, String arguments) throws IOException;
    }
}
