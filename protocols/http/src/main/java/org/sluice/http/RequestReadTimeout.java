package org.sluice.http;

import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code RequestReadTimeout}, as Apache's mod_reqtimeout: how long a request's head, and then
 * its body, may take to arrive however the client paces its bytes. {@code Timeout} bounds
 * each wait for the next bytes; a client sending one byte every few seconds (slowloris) never
 * trips it, but trips this.
 *
 * <pre>
 * RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500   # the default, as Apache 2.4's
 * RequestReadTimeout header=10 body=0                                # 10 s for any head; bodies unlimited
 * </pre>
 *
 * @param header the stage from the connection's start (then from the first byte of each later
 *     request) to the end of the head
 * @param body the stage from the first read of the body to its end
 */
record RequestReadTimeout(Stage header, Stage body) {

    /** The limits Apache 2.4 applies when mod_reqtimeout is loaded, as it is by default. */
    static final RequestReadTimeout DEFAULT =
            new RequestReadTimeout(new Stage(20, 40, 500), new Stage(20, 0, 500));

    /** The rate a stage given as {@code timeout-maxtimeout} without {@code MinRate} uses, as Apache's. */
    private static final int DEFAULT_MIN_RATE = 500;

    /**
     * One stage's limit: {@code seconds} at first, one more second for every {@code minRate}
     * bytes received (0: none), never beyond {@code maxSeconds} after the start (0: no cap).
     * Zero {@code seconds} means no limit.
     */
    record Stage(int seconds, int maxSeconds, int minRate) {

        static final Stage OFF = new Stage(0, 0, 0);

        boolean off() {
            return seconds == 0;
        }
    }

    /** A stage's running clock: its deadline, which each MinRate bytes received push back. */
    static final class Clock {
        private final Stage limit;
        private final String what;
        private final long start;
        private long deadline;

        private Clock(Stage limit, String what, long now) {
            this.limit = limit;
            this.what = what;
            this.start = now;
            this.deadline = now + TimeUnit.SECONDS.toNanos(limit.seconds());
        }

        /** A clock for {@code limit} started now, or null when that stage has no limit. */
        static Clock start(Stage limit, String what) {
            return limit.off() ? null : new Clock(limit, what, System.nanoTime());
        }

        /** {@code bytes} of the stage arrived: with a MinRate, they buy it more time. */
        void received(long bytes) {
            if (limit.minRate() == 0 || bytes <= 0) {
                return;
            }
            deadline += TimeUnit.SECONDS.toNanos(1) * bytes / limit.minRate();
            if (limit.maxSeconds() > 0) {
                deadline = Math.min(deadline, start + TimeUnit.SECONDS.toNanos(limit.maxSeconds()));
            }
        }

        /** The deadline, as {@link System#nanoTime()} counts. */
        long deadline() {
            return deadline;
        }

        boolean expired() {
            return deadline - System.nanoTime() <= 0;
        }

        SocketTimeoutException timeout() {
            return new SocketTimeoutException(what + " not received within RequestReadTimeout");
        }
    }

    /** One argument of the directive: the stage it names and that stage's limit. */
    record Setting(String stage, Stage limit) {
    }

    /**
     * Parses one argument of the directive: {@code header=...}, {@code body=...}, or
     * {@code handshake=...} (accepted for Apache configurations; that stage is TLS's).
     *
     * @throws IllegalArgumentException with what is wrong, in Apache's terms
     */
    static Setting parse(String argument) {
        int equals = argument.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("RequestReadTimeout: '" + argument
                    + "' is not stage=timeout[-maxtimeout][,MinRate=rate] (stage header, body or handshake)");
        }
        String stage = argument.substring(0, equals).toLowerCase(Locale.ROOT);
        if (!stage.equals("header") && !stage.equals("body") && !stage.equals("handshake")) {
            throw new IllegalArgumentException(
                    "RequestReadTimeout: unknown stage '" + stage + "' (header, body or handshake)");
        }
        return new Setting(stage, stage(argument.substring(equals + 1)));
    }

    private static Stage stage(String spec) {
        String times = spec;
        int minRate = 0;
        int comma = spec.indexOf(',');
        if (comma >= 0) {
            times = spec.substring(0, comma);
            String rate = spec.substring(comma + 1);
            if (!rate.regionMatches(true, 0, "MinRate=", 0, 8)) {
                throw new IllegalArgumentException("RequestReadTimeout: expected MinRate=rate after ',' in '" + spec + "'");
            }
            minRate = number(rate.substring(8), "MinRate");
            if (minRate == 0) {
                throw new IllegalArgumentException("RequestReadTimeout: MinRate must be at least 1 byte per second");
            }
        }
        int dash = times.indexOf('-');
        int seconds = number(dash < 0 ? times : times.substring(0, dash), "timeout");
        int maxSeconds = dash < 0 ? 0 : number(times.substring(dash + 1), "maxtimeout");
        if (dash >= 0 && maxSeconds < seconds) {
            throw new IllegalArgumentException("RequestReadTimeout: maxtimeout " + maxSeconds
                    + " is below the timeout " + seconds);
        }
        if (maxSeconds > 0 && minRate == 0) {
            minRate = DEFAULT_MIN_RATE;
        }
        return seconds == 0 ? Stage.OFF : new Stage(seconds, maxSeconds, minRate);
    }

    private static int number(String text, String what) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("RequestReadTimeout: " + what + " must be a whole number "
                + (what.equals("MinRate") ? "of bytes per second" : "of seconds") + ", not '" + text + "'");
    }
}
