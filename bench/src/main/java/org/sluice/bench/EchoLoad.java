package org.sluice.bench;

/**
 * Load generator for echo servers on 127.0.0.1: one event loop thread drives every connection
 * of the chosen scenario, and every scenario stops by itself.
 *
 * <pre>
 * EchoLoad pingpong --port P [--connections 64] [--seconds 10] [--warmup 3] [--line-size 64]
 * EchoLoad stream   --port P [--bytes 1073741824] [--line-size 1024] [--timeout 300]
 * EchoLoad idle     --port P [--connections 10000] [--batch 500] [--hold 10] [--timeout 60]
 *                            [--ready-file F] [--release-file F]
 * </pre>
 *
 * <p>Prints human-readable lines and, last, one {@code RESULT scenario=... key=value ...} line
 * for scripts. Exits 0 on success, 1 when the run failed (connection refused or closed, wrong
 * echo, timeout), 2 on a usage error.
 */
public final class EchoLoad {

    private EchoLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage("no scenario given");
        }
        Options options;
        try {
            options = new Options(args, 1);
            options.port();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        boolean ok;
        try (Transport transport = new Transport()) {
            System.out.println("EchoLoad " + args[0] + " -> " + options.host() + ":" + options.port()
                    + " (" + transport.name() + ", pid " + ProcessHandle.current().pid() + ")");
            ok = switch (args[0]) {
                case "pingpong" -> PingPong.run(transport, options);
                case "stream" -> Stream.run(transport, options);
                case "idle" -> Idle.run(transport, options);
                default -> {
                    usage("unknown scenario '" + args[0] + "'");
                    yield false;
                }
            };
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println("EchoLoad: " + problem);
        System.err.println("usage: EchoLoad pingpong|stream|idle --port PORT [options]  (see bench/README.md)");
        System.exit(2);
    }
}
