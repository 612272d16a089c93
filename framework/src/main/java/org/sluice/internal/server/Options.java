package org.sluice.internal.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line: {@code [-d root] [-f file] [-C dir] [-c dir] [-D name] [-t] [-S] [-M] [-v] [-k cmd]}. */
public final class Options {

    public Path serverRoot;
    public String configFile = "conf/sluice.conf";
    public final List<String> before = new ArrayList<>();
    public final List<String> after = new ArrayList<>();
    public final Map<String, String> defines = new LinkedHashMap<>();
    public boolean test;
    public boolean dumpHosts;
    public boolean dumpModules;
    public boolean version;
    public String signal;

    public static final String USAGE = """
            Usage: sluice [-d SERVERROOT] [-f FILE] [-C "directive"] [-c "directive"] [-D NAME]
                          [-t] [-S] [-M] [-v] [-k start|stop|graceful]
              -d SERVERROOT   alternate initial ServerRoot (default: the installation directory)
              -f FILE         alternate configuration file (default: conf/sluice.conf)
              -C "directive"  process directive before reading the configuration
              -c "directive"  process directive after reading the configuration
              -D NAME         define a name for use in <IfDefine NAME> directives
              -t              run syntax check for the configuration files only
              -S              show the parsed listeners and virtual hosts
              -M              show the loaded modules
              -v              show the version number
              -k stop         stop the server named by PidFile (graceful stop)
            """;

    /** Parses {@code args}; throws IllegalArgumentException with a message for bad usage. */
    public static Options parse(String[] args, Path installation) {
        Options o = new Options();
        o.serverRoot = installation;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-d" -> o.serverRoot = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                case "-f" -> o.configFile = value(args, ++i, a);
                case "-C" -> o.before.add(value(args, ++i, a));
                case "-c" -> o.after.add(value(args, ++i, a));
                case "-D" -> o.defines.put(value(args, ++i, a), null);
                case "-t" -> o.test = true;
                case "-S" -> o.dumpHosts = true;
                case "-M" -> o.dumpModules = true;
                case "-v" -> o.version = true;
                case "-k" -> {
                    o.signal = value(args, ++i, a);
                    if (!List.of("start", "stop", "graceful", "graceful-stop", "restart").contains(o.signal)) {
                        throw new IllegalArgumentException("unknown -k command: " + o.signal);
                    }
                }
                case "-h", "--help", "-?" -> throw new IllegalArgumentException("");
                default -> {
                    if (a.startsWith("-D") && a.length() > 2) {
                        o.defines.put(a.substring(2), null);
                    } else {
                        throw new IllegalArgumentException("unknown option: " + a);
                    }
                }
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " requires an argument");
        }
        return args[i];
    }
}
