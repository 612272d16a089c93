package org.sluice.examples;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.sluice.command.Command;
import org.sluice.command.CommandSession;
import org.sluice.server.Server;

/**
 * {@code uptime}: how long the server has run and how busy it is, e.g.
 * {@code up 2 days, 03:14:07, 5 connections open, 1289 since start}.
 */
final class UptimeCommand implements Command {

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public String help() {
        return "how long the server has been running, and its connections";
    }

    @Override
    public Outcome run(CommandSession session, String arguments) throws IOException {
        Server server = session.server();
        Duration up = Duration.between(server.startTime(), Instant.now());
        session.println("up " + format(up) + ", " + server.openConnections() + " connection"
                + (server.openConnections() == 1 ? "" : "s") + " open, " + server.totalConnections() + " since start");
        return Outcome.CONTINUE;
    }

    static String format(Duration up) {
        long days = up.toDays();
        String clock = String.format("%02d:%02d:%02d", up.toHoursPart(), up.toMinutesPart(), up.toSecondsPart());
        return days == 0 ? clock : days + (days == 1 ? " day, " : " days, ") + clock;
    }
}
