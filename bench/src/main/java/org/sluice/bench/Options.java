package org.sluice.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The command line of {@link EchoLoad}: {@code --name value} pairs, each scenario with its defaults. */
final class Options {

    private static final Set<String> NAMES = Set.of("port", "connections", "seconds", "warmup", "bytes",
            "line-size", "batch", "hold", "timeout", "ready-file", "release-file");

    private final Map<String, String> values = new HashMap<>();

    Options(String[] args, int from) {
        for (int i = from; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'; known: --" + String.join(" --", NAMES));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            values.put(name, args[i + 1]);
        }
    }

    /** Always the loopback address: the benchmark never targets another host. */
    String host() {
        return "127.0.0.1";
    }

    int port() {
        String port = values.get("port");
        if (port == null) {
            throw new IllegalArgumentException("--port is required");
        }
        return Integer.parseInt(port);
    }

    int connections(int defaultValue) {
        return positiveInt("connections", defaultValue);
    }

    double seconds(double defaultValue) {
        return positiveDouble("seconds", defaultValue);
    }

    double warmup(double defaultValue) {
        double value = Double.parseDouble(values.getOrDefault("warmup", Double.toString(defaultValue)));
        if (value < 0) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        return value;
    }

    long bytes(long defaultValue) {
        long value = Long.parseLong(values.getOrDefault("bytes", Long.toString(defaultValue)));
        if (value <= 0) {
            throw new IllegalArgumentException("--bytes must be positive");
        }
        return value;
    }

    int lineSize(int defaultValue) {
        int value = positiveInt("line-size", defaultValue);
        if (value < 2) {
            throw new IllegalArgumentException("--line-size must be at least 2 (a line is never empty)");
        }
        return value;
    }

    int batch(int defaultValue) {
        return positiveInt("batch", defaultValue);
    }

    double hold(double defaultValue) {
        return positiveDouble("hold", defaultValue);
    }

    double timeout(double defaultValue) {
        return positiveDouble("timeout", defaultValue);
    }

    Path readyFile() {
        String value = values.get("ready-file");
        return value == null ? null : Path.of(value);
    }

    Path releaseFile() {
        String value = values.get("release-file");
        return value == null ? null : Path.of(value);
    }

    private int positiveInt(String name, int defaultValue) {
        int value = Integer.parseInt(values.getOrDefault(name, Integer.toString(defaultValue)));
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return value;
    }

    private double positiveDouble(String name, double defaultValue) {
        double value = Double.parseDouble(values.getOrDefault(name, Double.toString(defaultValue)));
        if (!(value > 0)) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return value;
    }
}
