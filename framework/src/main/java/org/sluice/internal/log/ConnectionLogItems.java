package org.sluice.internal.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.sluice.access.HostnameLookups;
import org.sluice.connection.Connection;
import org.sluice.log.LogItem;

/** The framework's {@code LogFormat} codes: what any connection can tell. */
final class ConnectionLogItems {

    private ConnectionLogItems() {
    }

    /** The code's items; {@code %D} and {@code %T} time the original event, as Apache's do. */
    static LogCode code(char code) {
        LogItem.Factory factory = factory(code);
        if (factory == null) {
            return null;
        }
        boolean original = code == 'D' || code == 'T';
        return new LogCode(original ? LogItem.Redirected.ORIGINAL : LogItem.Redirected.FINAL, factory);
    }

    private static LogItem.Factory factory(char code) {
        return switch (code) {
            // %{c}a: the peer, the proxy's address when a PROXY header named the client
            case 'a' -> arg -> "c".equals(arg) ? (line, e) -> line.append(e.connection().peerIp())
                    : (line, e) -> line.append(e.connection().remoteIp());
            case 'h' -> ConnectionLogItems::host;
            case 'A' -> arg -> (line, e) -> line.append(io.netty.util.NetUtil.toAddressString(e.connection().localAddress().getAddress()));
            case 'l' -> arg -> (line, e) -> line.append('-');
            case 'u' -> arg -> (line, e) -> orDash(line, e.connection().noteText("user"));
            case 't' -> ConnectionLogItems::time;
            case 'I' -> arg -> (line, e) -> line.append(e.connection().bytesIn());
            case 'O' -> arg -> (line, e) -> line.append(e.connection().bytesOut());
            case 'S' -> arg -> (line, e) -> line.append(e.connection().bytesIn() + e.connection().bytesOut());
            case 'D' -> arg -> (line, e) -> line.append(elapsedNanos(e) / 1_000);
            case 'T' -> ConnectionLogItems::duration;
            case 'v', 'V' -> arg -> (line, e) -> orDash(line, e.connection().virtualHost().serverName());
            case 'p' -> ConnectionLogItems::port;
            case 'P' -> arg -> (line, e) -> line.append(ProcessHandle.current().pid());
            case 'k' -> arg -> (line, e) -> line.append('0');
            case 'X' -> arg -> (line, e) -> line.append(e.aborted() ? 'X' : e.connection().keepAlive() ? '+' : '-');
            case 'n' -> arg -> (line, e) -> orDash(line, arg == null ? null : e.connection().noteText(arg));
            // the event's environment (SetEnvIf, SetEnv), never the server process's
            case 'e' -> arg -> (line, e) -> orDash(line, arg == null ? null : e.env(arg));
            case 'L' -> arg -> (line, e) -> line.append('-');
            case 'c' -> arg -> (line, e) -> line.append(e.connection().remoteAddress());
            default -> null;
        };
    }

    /**
     * {@code %h}: the client's name only if a rule looked it up (HostnameLookups is HTTP's), as
     * httpd's default Off; {@code %{c}h} the same for the peer, whose name is never looked up
     * when a PROXY header named another client.
     */
    static LogItem host(String arg) {
        if ("c".equals(arg)) {
            return (line, e) -> {
                Connection c = e.connection();
                if (c.peerAddress() != c.remoteAddress()) {
                    line.append(c.peerIp());
                } else {
                    clientHost(line, c);
                }
            };
        }
        return (line, e) -> clientHost(line, e.connection());
    }

    private static void clientHost(StringBuilder line, Connection c) {
        LogItem.appendEscaped(line, c.remoteHost().name(HostnameLookups.OFF).orElse(c.remoteIp()));
    }

    /** The value escaped as Apache escapes log items, or {@code -} when there is none. */
    private static void orDash(StringBuilder line, String value) {
        LogItem.appendEscapedOrDash(line, value, StandardCharsets.UTF_8);
    }

    private static long elapsedNanos(LogItem.LogEvent e) {
        return System.nanoTime() - e.startNanos();
    }

    private static LogItem time(String arg) {
        if (arg == null) {
            return (line, e) -> line.append(ApacheTime.format(e.startMillis()));
        }
        String format = arg.startsWith("begin:") ? arg.substring(6) : arg.startsWith("end:") ? arg.substring(4) : arg;
        return switch (format) {
            case "sec" -> (line, e) -> line.append(e.startMillis() / 1000);
            case "msec" -> (line, e) -> line.append(e.startMillis());
            case "usec" -> (line, e) -> line.append(e.startMillis() * 1000);
            case "msec_frac" -> (line, e) -> line.append(String.format(Locale.ROOT, "%03d", e.startMillis() % 1000));
            default -> {
                DateTimeFormatter formatter = Strftime.toFormatter(format);
                yield (line, e) -> line.append(formatter.format(Instant.ofEpochMilli(e.startMillis())));
            }
        };
    }

    private static LogItem duration(String arg) {
        String unit = arg == null ? "s" : arg;
        return switch (unit) {
            case "ms" -> (line, e) -> line.append(elapsedNanos(e) / 1_000_000);
            case "us" -> (line, e) -> line.append(elapsedNanos(e) / 1_000);
            default -> (line, e) -> line.append(elapsedNanos(e) / 1_000_000_000);
        };
    }

    /**
     * httpd's {@code %p}: {@code %{local}p} the port connected to, {@code %{remote}p} the
     * client's, else ({@code canonical}) the port {@code ServerName} names, or the one connected
     * to when it names none (a protocol module may know a default port to give instead).
     */
    static LogItem port(String arg) {
        if ("remote".equals(arg)) {
            return (line, e) -> line.append(e.connection().remoteAddress().getPort());
        }
        if ("local".equals(arg)) {
            return (line, e) -> line.append(e.connection().localAddress().getPort());
        }
        return (line, e) -> {
            Connection c = e.connection();
            int named = c.virtualHost().serverPort();
            line.append(named > 0 ? named : c.localAddress().getPort());
        };
    }
}
