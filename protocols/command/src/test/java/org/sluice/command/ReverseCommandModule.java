package org.sluice.command;

import org.sluice.module.Module;
import org.sluice.module.Registry;

/** A module of another author adding a command through the extension point. */
public final class ReverseCommandModule implements Module {

    @Override
    public String name() {
        return "reverse-command";
    }

    @Override
    public void register(Registry registry) {
        registry.extension(Command.class, new Command() {
            @Override
            public String name() {
                return "reverse";
            }

            @Override
            public String help() {
                return "the arguments backwards";
            }

            @Override
            public Outcome run(CommandSession session, String arguments) throws java.io.IOException {
                session.println(new StringBuilder(arguments).reverse() + " (for " + session.login().user() + ")");
                return Outcome.CONTINUE;
            }
        });
        registry.extension(Command.class, new Command() {
            @Override
            public String name() {
                return "filters";
            }

            @Override
            public String help() {
                return "the connection's input filters, from the handler to the network";
            }

            @Override
            public Outcome run(CommandSession session, String arguments) throws java.io.IOException {
                session.println(String.join(" ", session.connection().input().names()));
                return Outcome.CONTINUE;
            }
        });
        registry.extension(Command.class, new Command() {
            @Override
            public String name() {
                return "date";
            }

            @Override
            public String help() {
                return "a clashing name, ignored";
            }

            @Override
            public Outcome run(CommandSession session, String arguments) {
                throw new AssertionError("a built-in command's name was taken over");
            }
        });
    }
}
