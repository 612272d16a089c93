package org.sluice.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.DataBucket;
import org.sluice.connection.Connection;
import org.sluice.hook.Result;
import org.sluice.server.Server;

/**
 * The {@code server-status} handler (Apache's mod_status): an HTML page, or with {@code ?auto}
 * the machine-readable {@code key: value} lines that Apache exporters scrape, with
 * mod_status's keys in its order. Sluice has one process and no worker pool, so the
 * "workers" are HTTP connections: busy ones are inside a request ({@code W} on the
 * scoreboard), idle ones wait for their next request ({@code K}); {@code _} pads the
 * scoreboard to a multiple of {@value #SCOREBOARD_ROW} and {@code .} marks the free slots of
 * a {@value #SCOREBOARD_MIN}-character board.
 *
 * <pre>
 * &lt;Location /server-status&gt;
 *     SetHandler server-status
 *     Require ip 127.0.0.1 ::1
 * &lt;/Location&gt;
 * </pre>
 */
final class ServerStatus {

    static final String HANDLER = "server-status";

    private static final int SCOREBOARD_ROW = 64;
    private static final int SCOREBOARD_MIN = 256;
    /** Connections shown in detail on the HTML page. */
    private static final int DETAIL_LIMIT = 50;
    /** The characters of a request line the page shows (httpd's scoreboard keeps 63). */
    private static final int REQUEST_SHOWN = 63;
    /** Connections whose filter chains the HTML page dumps. */
    private static final int CHAIN_LIMIT = 5;

    /** Apache's DEFAULT_TIME_FORMAT, {@code %A, %d-%b-%Y %H:%M:%S %Z}. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yyyy HH:mm:ss zzz", Locale.US).withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter BUILT =
            DateTimeFormatter.ofPattern("MMM dd yyyy HH:mm:ss", Locale.US).withZone(ZoneId.systemDefault());

    /** What the page says the server is: all of it, whatever ServerTokens says (httpd's server description). */
    private static final String VERSION = ServerTokens.FULL.banner();
    private static final String BUILT_AT = built();

    private ServerStatus() {
    }

    static Result handle(Request r) throws IOException {
        if (!HANDLER.equals(r.handler())) {
            return Result.DECLINED;
        }
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            // as mod_status: the default handler answers (OPTIONS, 405, or 404 for a POST)
            return Result.DECLINED;
        }
        r.discardBody();
        Snapshot s = Snapshot.take(r.virtualHost().server(), StatusBoard.of(r.virtualHost().server()));
        boolean auto = r.query() != null && List.of(r.query().split("&")).contains("auto");
        String body = auto ? auto(r, s) : html(r, s);
        r.contentType(auto ? "text/plain; charset=ISO-8859-1" : "text/html; charset=ISO-8859-1");
        r.headersOut().set("Cache-Control", "no-cache");
        Brigade out = new Brigade();
        if (!r.headerOnly()) {
            out.addLast(DataBucket.of(body, StandardCharsets.ISO_8859_1));
        }
        out.addEos();
        r.pass(out);
        return Result.OK;
    }

    /** Everything the page shows, read once. */
    record Snapshot(Instant now, Instant started, long uptime, double[] load, long accesses, long bytes,
                    long durationMillis, double[] cpu, int busy, int idle, int open, long total, long refused,
                    List<StatusBoard.Slot> slots) {

        static Snapshot take(Server server, StatusBoard board) {
            Instant now = Instant.now();
            long uptime = Math.max(0, now.getEpochSecond() - server.startTime().getEpochSecond());
            List<StatusBoard.Slot> slots = board.slots();
            int busy = 0;
            for (StatusBoard.Slot slot : slots) {
                busy += slot.busy ? 1 : 0;
            }
            return new Snapshot(now, server.startTime(), uptime, SystemLoad.loadAverage(), board.accesses.sum(),
                    board.bytes.sum(), board.durationNanos.sum() / 1_000_000, SystemLoad.cpuSeconds(), busy,
                    slots.size() - busy, server.openConnections(), server.totalConnections(),
                    server.refusedConnections(), slots);
        }

        long kbytes() {
            return bytes / 1024;
        }
    }

    // ---- ?auto ----

    static String auto(Request r, Snapshot s) {
        StringBuilder out = new StringBuilder(1024);
        out.append(r.virtualHost().serverName()).append('\n');
        line(out, "ServerVersion", VERSION);
        line(out, "ServerMPM", "event");
        line(out, "Server Built", BUILT_AT);
        line(out, "CurrentTime", TIME.format(s.now()));
        line(out, "RestartTime", TIME.format(s.started()));
        line(out, "ParentServerConfigGeneration", 1);
        line(out, "ParentServerMPMGeneration", 0);
        line(out, "ServerUptimeSeconds", s.uptime());
        out.append("ServerUptime:").append(uptime(s.uptime())).append('\n');
        out.append(String.format(Locale.ROOT, "Load1: %.2f\nLoad5: %.2f\nLoad15: %.2f\n",
                s.load()[0], s.load()[1], s.load()[2]));
        if (extended(r)) {
            line(out, "Total Accesses", s.accesses());
            line(out, "Total kBytes", s.kbytes());
            line(out, "Total Duration", s.durationMillis());
            if (s.cpu() != null) {
                line(out, "CPUUser", g(s.cpu()[0]));
                line(out, "CPUSystem", g(s.cpu()[1]));
                line(out, "CPUChildrenUser", g(0));
                line(out, "CPUChildrenSystem", g(0));
                double cpu = s.cpu()[0] + s.cpu()[1];
                if (cpu > 0 && s.uptime() > 0) {
                    line(out, "CPULoad", g(cpu / s.uptime() * 100.0));
                }
            }
            line(out, "Uptime", s.uptime());
            if (s.uptime() > 0) {
                line(out, "ReqPerSec", g((float) s.accesses() / (float) s.uptime()));
                line(out, "BytesPerSec", g(1024f * s.kbytes() / (float) s.uptime()));
            }
            if (s.accesses() > 0) {
                line(out, "BytesPerReq", g(1024f * s.kbytes() / (float) s.accesses()));
                line(out, "DurationPerReq", g((float) s.durationMillis() / (float) s.accesses()));
            }
        }
        line(out, "BusyWorkers", s.busy());
        line(out, "GracefulWorkers", 0);
        line(out, "IdleWorkers", s.idle());
        line(out, "Processes", 1);
        line(out, "Stopping", 0);
        line(out, "ConnsTotal", s.open());
        line(out, "ConnsAsyncWaitIO", 0);
        line(out, "ConnsAsyncWriting", 0);
        line(out, "ConnsAsyncKeepAlive", s.idle());
        line(out, "ConnsAsyncClosing", 0);
        line(out, "Scoreboard", scoreboard(s.slots()));
        // Sluice's own, after mod_status's keys: exporters skip keys they do not know
        line(out, "ConnsAccepted", s.total());
        line(out, "ConnsRefused", s.refused());
        return out.toString();
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append(": ").append(value).append('\n');
    }

    /** C's {@code %g}: six significant digits, no trailing zeros. */
    static String g(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        String text = String.format(Locale.ROOT, "%.6g", value);
        if (text.contains("e")) {
            String mantissa = text.substring(0, text.indexOf('e'));
            String exponent = text.substring(text.indexOf('e'));
            return stripZeros(mantissa) + exponent;
        }
        return stripZeros(text);
    }

    private static String stripZeros(String number) {
        if (!number.contains(".")) {
            return number;
        }
        String stripped = number.replaceAll("0+$", "");
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    /** mod_status's show_time: {@code " 1 day 2 hours 3 minutes 4 seconds"}, zero parts left out. */
    static String uptime(long seconds) {
        long days = seconds / 86400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        StringBuilder out = new StringBuilder();
        unit(out, days, "day");
        unit(out, hours, "hour");
        unit(out, minutes, "minute");
        unit(out, secs, "second");
        return out.toString();
    }

    private static void unit(StringBuilder out, long n, String name) {
        if (n > 0) {
            out.append(' ').append(n).append(' ').append(name).append(n == 1 ? "" : "s");
        }
    }

    static String scoreboard(List<StatusBoard.Slot> slots) {
        StringBuilder board = new StringBuilder(SCOREBOARD_MIN);
        for (StatusBoard.Slot slot : slots) {
            board.append(slot.busy ? 'W' : 'K');
        }
        while (board.length() % SCOREBOARD_ROW != 0 || board.isEmpty()) {
            board.append('_');
        }
        while (board.length() < SCOREBOARD_MIN) {
            board.append('.');
        }
        return board.toString();
    }

    // ---- HTML ----

    static String html(Request r, Snapshot s) {
        StringBuilder out = new StringBuilder(4096);
        String name = esc(r.virtualHost().serverName());
        out.append(DirectoryListing.HTML_4_01)
                .append("<html><head>\n<title>Sluice Status</title>\n</head><body>\n")
                .append("<h1>Sluice Server Status for ").append(name).append(" (via ")
                .append(esc(r.connection().localAddress().getAddress().getHostAddress())).append(")</h1>\n\n")
                .append("<dl><dt>Server Version: ").append(esc(VERSION)).append("</dt>\n")
                .append("<dt>Server MPM: event</dt>\n")
                .append("<dt>Server Built: ").append(BUILT_AT).append("\n</dt></dl><hr /><dl>\n")
                .append("<dt>Current Time: ").append(TIME.format(s.now())).append("</dt>\n")
                .append("<dt>Restart Time: ").append(TIME.format(s.started())).append("</dt>\n")
                .append("<dt>Server uptime: ").append(uptime(s.uptime())).append("</dt>\n")
                .append(String.format(Locale.ROOT, "<dt>Server load: %.2f %.2f %.2f</dt>\n",
                        s.load()[0], s.load()[1], s.load()[2]));
        if (extended(r)) {
            totals(out, s);
        }
        out.append("<dt>").append(s.busy()).append(" requests currently being processed, 0 workers gracefully"
                + " restarting, ").append(s.idle()).append(" idle workers</dt>\n")
                .append("<dt>").append(s.open()).append(" connections open, ").append(s.total())
                .append(" accepted since start, ").append(s.refused())
                .append(" refused at MaxConnections</dt>\n</dl>")
                .append("<pre>").append(scoreboard(s.slots()).replaceAll("(.{" + SCOREBOARD_ROW + "})", "$1\n"))
                .append("</pre>\n")
                .append("<p>Scoreboard Key:<br />\n\"<b><code>W</code></b>\" in a request,\n"
                        + "\"<b><code>K</code></b>\" keepalive (waiting for the next request),\n"
                        + "\"<b><code>_</code></b>\" spare,\n\"<b><code>.</code></b>\" open slot.</p>\n");
        if (extended(r)) {
            // ExtendedStatus Off leaves out what each connection does, as httpd leaves out its workers' table
            boolean tail = r.virtualHost().config(HttpServerConfig.KEY).seeRequestTail();
            out.append("<hr /><h2>Connections</h2>\n<table border=\"0\"><tr><th>Id</th><th>Client</th><th>State</th>"
                    + "<th>Requests</th><th>Since (ms)</th><th>VHost</th><th>Request</th></tr>\n");
            int shown = 0;
            long nowMillis = s.now().toEpochMilli();
            for (StatusBoard.Slot slot : s.slots()) {
                if (++shown > DETAIL_LIMIT) {
                    break;
                }
                Connection c = slot.connection;
                out.append("<tr><td>").append(c.id()).append("</td><td>").append(esc(c.remoteIp()))
                        .append("</td><td><b>").append(slot.busy ? 'W' : 'K').append("</b></td><td>")
                        .append(slot.requests).append("</td><td>").append(Math.max(0, nowMillis - slot.sinceMillis))
                        .append("</td><td>").append(esc(slot.host)).append("</td><td nowrap>")
                        .append(esc(requestShown(slot.lastRequest, tail))).append("</td></tr>\n");
            }
            out.append("</table>\n<h2>Filter chains</h2>\n<dl>\n");
            shown = 0;
            for (StatusBoard.Slot slot : s.slots()) {
                if (++shown > CHAIN_LIMIT) {
                    break;
                }
                Connection c = slot.connection;
                out.append("<dt>Connection ").append(c.id()).append(" (").append(esc(c.remoteIp())).append(")</dt>\n")
                        .append("<dd>input: ").append(esc(chain(() -> c.input().names()))).append("</dd>\n")
                        .append("<dd>output: ").append(esc(chain(() -> c.output().names()))).append("</dd>\n");
            }
            out.append("</dl>\n");
        }
        out.append(ServerSignature.of(r, "<hr />\n")).append("</body></html>\n");
        return out.toString();
    }

    /** {@code ExtendedStatus}: the counts, rates and connections' details are shown. */
    private static boolean extended(Request r) {
        return r.virtualHost().config(HttpServerConfig.KEY).extendedStatus();
    }

    /**
     * A request line as the status page shows it: at most {@value #REQUEST_SHOWN} characters, as
     * httpd's scoreboard keeps them, the first ones or with {@code SeeRequestTail On} the last.
     */
    static String requestShown(String line, boolean tail) {
        if (line.length() <= REQUEST_SHOWN) {
            return line;
        }
        return tail ? line.substring(line.length() - REQUEST_SHOWN) : line.substring(0, REQUEST_SHOWN);
    }

    /** The counts ExtendedStatus adds: accesses, traffic, CPU and rates. */
    private static void totals(StringBuilder out, Snapshot s) {
        out.append("<dt>Total accesses: ").append(s.accesses()).append(" - Total Traffic: ")
                .append(s.kbytes()).append(" kB - Total Duration: ").append(s.durationMillis()).append("</dt>\n");
        if (s.cpu() != null) {
            out.append("<dt>CPU Usage: u").append(g(s.cpu()[0])).append(" s").append(g(s.cpu()[1]));
            if (s.uptime() > 0) {
                out.append(" - ").append(String.format(Locale.ROOT, "%.3g",
                        (s.cpu()[0] + s.cpu()[1]) / s.uptime() * 100.0)).append("% CPU load");
            }
            out.append("</dt>\n");
        }
        if (s.uptime() > 0) {
            out.append("<dt>").append(g((float) s.accesses() / s.uptime())).append(" requests/sec - ")
                    .append(g(1024f * s.kbytes() / s.uptime())).append(" B/second");
            if (s.accesses() > 0) {
                out.append(" - ").append(g(1024f * s.kbytes() / s.accesses())).append(" B/request - ")
                        .append(g((float) s.durationMillis() / s.accesses())).append(" ms/request");
            }
            out.append("</dt>\n");
        }
    }

    /** A chain's names, read from another thread than the connection's: a racy view is good enough here. */
    private static String chain(java.util.function.Supplier<List<String>> names) {
        try {
            return String.join(" \u2192 ", names.get());
        } catch (RuntimeException e) {
            return "(changing)";
        }
    }

    private static String esc(String text) {
        return RequestProcessor.escape(text);
    }

    /** When this module's code was built: its jar's (or class directory's) modification time. */
    private static String built() {
        try {
            Path code = Path.of(ServerStatus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return BUILT.format(Files.getLastModifiedTime(code).toInstant());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return BUILT.format(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        }
    }
}
