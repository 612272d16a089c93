package org.sluice.examples;

import org.sluice.command.Command;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * Module {@code uptime}: adds an {@code uptime} command to every command server, through the
 * command module's extension point. Nothing to configure: {@code LoadModule uptime}.
 */
public final class UptimeModule implements Module {

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public void register(Registry registry) {
        registry.extension(Command.class, new UptimeCommand());
    }
}
