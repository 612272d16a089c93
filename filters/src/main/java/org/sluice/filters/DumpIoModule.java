package org.sluice.filters;

import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.config.ArgShape;
import org.sluice.config.Directive;
import org.sluice.config.ServerConfigKey;
import org.sluice.connection.Connection;
import org.sluice.filter.Block;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.OutputFilter;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * The {@code dumpio} module, as Apache's mod_dumpio: {@code DumpIOInput On} and
 * {@code DumpIOOutput On} write everything a connection reads and sends to the error log, at
 * TRACE under {@code LogLevel dumpio:trace7}. The filters sit at the CONNECTION level of every
 * connection of the server or virtual host, so they see the bytes of any protocol as they
 * cross the socket; with the log level lower they pass everything on untouched.
 *
 * <pre>
 * LoadModule dumpio
 * DumpIOInput On
 * DumpIOOutput On
 * LogLevel warn dumpio:trace7
 * </pre>
 */
public final class DumpIoModule implements Module {

    /** Whether to dump what comes in and what goes out (null: not said here); a virtual host's word wins. */
    static final class Settings {
        Boolean input;
        Boolean output;

        static Settings merge(Settings server, Settings host) {
            Settings merged = new Settings();
            merged.input = host.input != null ? host.input : server.input;
            merged.output = host.output != null ? host.output : server.output;
            return merged;
        }
    }

    static final ServerConfigKey<Settings> CONFIG = ServerConfigKey.of("dumpio", Settings::new, Settings::merge);

    @Override
    public String name() {
        return "dumpio";
    }

    @Override
    public void register(Registry registry) {
        registry.directive(Directive.of("DumpIOInput", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "dump all input data to the error log (at LogLevel dumpio:trace7)",
                call -> call.serverConfig(CONFIG).input = call.flag()));
        registry.directive(Directive.of("DumpIOOutput", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "dump all output data to the error log (at LogLevel dumpio:trace7)",
                call -> call.serverConfig(CONFIG).output = call.flag()));
        registry.hook(Hooks.PRE_CONNECTION, DumpIoModule::insertFilters, Order.REALLY_FIRST);
    }

    private static Result insertFilters(Connection connection) {
        Settings settings = connection.virtualHost().config(CONFIG);
        if (Boolean.TRUE.equals(settings.input)) {
            connection.input().add("dumpio_in", FilterType.CONNECTION, new Input());
        }
        if (Boolean.TRUE.equals(settings.output)) {
            connection.output().add("dumpio_out", FilterType.CONNECTION, new Output());
        }
        return Result.DECLINED;
    }

    /** Logs each read: the mode asked for, then each bucket the filters below gave. */
    static final class Input implements InputFilter {
        @Override
        public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes)
                throws IOException {
            if (!DumpIo.enabled()) {
                return ctx.readNext(into, mode, block, readBytes);
            }
            String client = client(ctx.connection());
            DumpIo.LOG.trace("[client {}] dumpio_in [{}-{}] {} readbytes", client, mode.name().toLowerCase(),
                    block == Block.BLOCK ? "blocking" : "nonblocking", readBytes);
            Bucket before = into.last();
            ReadStatus status = ctx.readNext(into, mode, block, readBytes);
            for (Bucket b = before == null ? into.first() : before.next(); b != null; b = b.next()) {
                DumpIo.bucket("dumpio_in", client, b);
            }
            if (status != ReadStatus.OK) {
                DumpIo.LOG.trace("[client {}] dumpio_in - {}", client, status);
            }
            return status;
        }
    }

    /** Logs each bucket on its way down. */
    static final class Output implements OutputFilter {
        @Override
        public void pass(Context ctx, Brigade brigade) throws IOException {
            if (DumpIo.enabled()) {
                String client = client(ctx.connection());
                for (Bucket b : brigade) {
                    DumpIo.bucket("dumpio_out", client, b);
                }
            }
            ctx.passNext(brigade);
        }
    }

    private static String client(Connection connection) {
        return connection.remoteIp() + ":" + connection.remoteAddress().getPort();
    }
}
