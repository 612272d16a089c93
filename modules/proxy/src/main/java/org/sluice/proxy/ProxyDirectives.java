package org.sluice.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.module.Registry;

/**
 * The directives of mod_proxy and mod_proxy_http that Sluice takes, with httpd's syntax. What
 * it does not do is refused at its line rather than ignored: a forward proxy
 * ({@code ProxyRequests On}), backends other than {@code http://}, and the {@code ProxyPass}
 * keys and flags it does not know.
 */
final class ProxyDirectives {

    private ProxyDirectives() {
    }

    static void register(Registry registry) {
        registry.directive(Directive.of("ProxyPass", ArgShape.RAW_ARGS, Directive.ANYWHERE,
                "a virtual path and a URL (or !), then key=value parameters; in a <Location>, the URL alone",
                call -> pass(call, false)));
        registry.directive(Directive.of("ProxyPassMatch", ArgShape.RAW_ARGS, Directive.ANYWHERE,
                "a regular expression and a URL (or !) with $1..$9, then key=value parameters",
                call -> pass(call, true)));
        registry.directive(Directive.of("ProxyPassReverse", ArgShape.RAW_ARGS, Directive.ANYWHERE,
                "a virtual path and a URL for reverse proxy behaviour; in a <Location>, the URL alone",
                ProxyDirectives::passReverse));
        registry.directive(Directive.of("ProxyPreserveHost", ArgShape.FLAG, Directive.ANYWHERE,
                "on if we should preserve host header while proxying",
                call -> call.dirConfig(ProxyDirConfig.KEY).preserveHost = call.flag()));
        registry.directive(Directive.of("ProxyAddHeaders", ArgShape.FLAG, Directive.ANYWHERE,
                "on if X-Forwarded-* headers should be added or completed",
                call -> call.dirConfig(ProxyDirConfig.KEY).addHeaders = call.flag()));
        registry.directive(Directive.of("ProxyRequests", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "on if the true proxy requests should be accepted", ProxyDirectives::requests));
        registry.directive(Directive.of("ProxyTimeout", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Set the timeout (in seconds) for a proxied connection. This overrides the server timeout",
                ProxyDirectives::timeout));
        registry.directive(Directive.of("ProxyVia", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Configure Via: proxy header header to one of: on | off | block | full",
                ProxyDirectives::via));
    }

    private static void requests(DirectiveCall call) throws ConfigException {
        if (call.flag()) {
            throw call.error("ProxyRequests On (a forward proxy) is not supported by Sluice: it is a reverse proxy"
                    + " only (ProxyPass, ProxyPassMatch, RewriteRule [P])");
        }
    }

    private static void timeout(DirectiveCall call) throws ConfigException {
        Duration timeout = duration(call, "ProxyTimeout", call.arg(0));
        if (timeout.isZero()) {
            throw call.error("Proxy Timeout must be at least 1 second.");
        }
        call.serverConfig(ProxyServerConfig.KEY).timeout = timeout;
    }

    private static void via(DirectiveCall call) throws ConfigException {
        ProxyServerConfig.Via via = switch (call.arg(0).toLowerCase(Locale.ROOT)) {
            case "off" -> ProxyServerConfig.Via.OFF;
            case "on" -> ProxyServerConfig.Via.ON;
            case "full" -> ProxyServerConfig.Via.FULL;
            case "block" -> ProxyServerConfig.Via.BLOCK;
            default -> throw call.error("ProxyVia must be one of: off | on | full | block");
        };
        call.serverConfig(ProxyServerConfig.KEY).via = via;
    }

    /** The {@code <Location>} or {@code <LocationMatch>} around the directive (null if none); other sections refuse it. */
    private static String location(DirectiveCall call, String name) throws ConfigException {
        String section = call.section();
        if (section == null) {
            return null;
        }
        if (!section.equalsIgnoreCase("Location") && !section.equalsIgnoreCase("LocationMatch")
                || call.sectionArgument() == null) {
            throw call.error(name + " cannot occur within <" + section + "> section: write it in the server, a"
                    + " <VirtualHost> or a <Location>");
        }
        return call.sectionArgument();
    }

    private static void pass(DirectiveCall call, boolean regex) throws ConfigException {
        String name = regex ? "ProxyPassMatch" : "ProxyPass";
        List<String> args = call.args();
        String sectionPath = location(call, name);
        String path;
        int next;
        if (sectionPath != null) {
            path = sectionPath;
            regex = regex || call.section().equalsIgnoreCase("LocationMatch");
            next = 0;
            if (args.size() >= 2 && args.get(1).indexOf('=') < 0 && !isFlag(args.get(1))) {
                throw call.error("ProxyPass|ProxyPassMatch can not have a path when defined in a location.");
            }
        } else {
            if (args.size() < 2) {
                throw call.error(args.isEmpty() ? name + " needs a path and a URL"
                        : "ProxyPass|ProxyPassMatch needs a path when not defined in a location");
            }
            path = args.get(0);
            next = 1;
        }
        if (args.size() <= next) {
            throw call.error(name + " needs a URL (or !)");
        }
        String url = args.get(next++);
        Pattern pattern = null;
        if (regex) {
            try {
                pattern = Pattern.compile(path);
            } catch (PatternSyntaxException e) {
                throw call.error("Regular expression could not be compiled: " + e.getDescription());
            }
        } else if (!path.startsWith("/")) {
            throw call.error(name + ": the path '" + path + "' does not start with '/'");
        }
        ProxyServerConfig server = call.serverConfig(ProxyServerConfig.KEY);
        ProxyMapping mapping;
        if (url.equals("!")) {
            if (args.size() > next) {
                throw call.error(name + " " + path + " ! takes no parameters");
            }
            mapping = new ProxyMapping(regex ? null : path, pattern, null, null, false, call.location());
        } else {
            BackendUrl backend = backendUrl(call, name, url);
            Parameters parameters = parameters(call, name, args.subList(next, args.size()));
            BackendWorker worker = server.worker(backend, parameters.worker());
            mapping = new ProxyMapping(regex ? null : path, pattern, url, worker, parameters.noQuery(), call.location());
        }
        if (sectionPath != null) {
            call.dirConfig(ProxyDirConfig.KEY).location = mapping;
        } else {
            server.mappings.add(mapping);
        }
    }

    private static BackendUrl backendUrl(DirectiveCall call, String name, String url) throws ConfigException {
        int authorityStart = url.indexOf("://");
        int authorityEnd = authorityStart < 0 ? -1 : url.indexOf('/', authorityStart + 3);
        String authority = authorityStart < 0 ? "" : url.substring(authorityStart + 3, authorityEnd < 0 ? url.length()
                : authorityEnd);
        if (authority.indexOf('$') >= 0) {
            throw call.error(name + ": the backend's host in '" + url + "' must be written out: Sluice takes $N in"
                    + " the path only");
        }
        try {
            return BackendUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw call.error(name + ": " + e.getMessage());
        }
    }

    private static boolean isFlag(String word) {
        return word.equalsIgnoreCase("noquery") || word.equalsIgnoreCase("nocanon")
                || word.equalsIgnoreCase("interpolate");
    }

    /** What follows the URL: the worker's {@code key=value} parameters and the flags. */
    private record Parameters(WorkerParams worker, boolean noQuery) {
    }

    private static Parameters parameters(DirectiveCall call, String name, List<String> words) throws ConfigException {
        Duration timeout = null;
        Duration connectTimeout = null;
        int max = WorkerParams.DEFAULT_MAX;
        Duration ttl = null;
        boolean disableReuse = false;
        boolean noQuery = false;
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                if (word.equalsIgnoreCase("noquery")) {
                    noQuery = true;
                    continue;
                }
                throw call.error(name + ": flag '" + word + "' is not supported by Sluice (it takes noquery and the"
                        + " keys timeout, connectiontimeout, max, ttl and disablereuse)");
            }
            String key = word.substring(0, equals).toLowerCase(Locale.ROOT);
            String value = word.substring(equals + 1);
            switch (key) {
                case "timeout" -> timeout = positive(call, name, key, duration(call, name + " " + key, value));
                case "connectiontimeout" -> connectTimeout = positive(call, name, key,
                        duration(call, name + " " + key, value));
                case "ttl" -> ttl = positive(call, name, key, duration(call, name + " " + key, value));
                case "max" -> {
                    try {
                        max = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        max = -1;
                    }
                    if (max < 0) {
                        throw call.error(name + ": max must be a number of connections, not '" + value + "'");
                    }
                }
                case "disablereuse" -> {
                    if (value.equalsIgnoreCase("on")) {
                        disableReuse = true;
                    } else if (value.equalsIgnoreCase("off")) {
                        disableReuse = false;
                    } else {
                        throw call.error(name + ": disablereuse must be On|Off");
                    }
                }
                default -> throw call.error(name + ": key '" + key + "' is not supported by Sluice (it takes"
                        + " timeout, connectiontimeout, max, ttl and disablereuse)");
            }
        }
        return new Parameters(new WorkerParams(timeout, connectTimeout, max, ttl, disableReuse), noQuery);
    }

    private static Duration positive(DirectiveCall call, String name, String key, Duration value)
            throws ConfigException {
        if (value.isZero()) {
            throw call.error(name + ": " + key + " must be more than 0");
        }
        return value;
    }

    /** httpd's timeout values: seconds, or a number with {@code ms}, {@code s}, {@code mi} or {@code h}. */
    static Duration duration(DirectiveCall call, String what, String value) throws ConfigException {
        String lower = value.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < lower.length() && Character.isDigit(lower.charAt(digits))) {
            digits++;
        }
        String unit = lower.substring(digits);
        if (digits == 0 || digits > 9) {
            throw call.error(what + ": '" + value + "' is not a time (seconds, or a number with ms, s, mi or h)");
        }
        long n = Long.parseLong(lower.substring(0, digits));
        return switch (unit) {
            case "", "s" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            case "mi" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw call.error(what + ": '" + value + "' is not a time (seconds, or a number with ms, s, mi"
                    + " or h)");
        };
    }

    private static void passReverse(DirectiveCall call) throws ConfigException {
        List<String> args = call.args();
        String sectionPath = location(call, "ProxyPassReverse");
        List<String> words = args.stream().filter(word -> !word.equalsIgnoreCase("interpolate")).toList();
        if (words.size() != args.size()) {
            throw call.error("ProxyPassReverse: flag 'interpolate' is not supported by Sluice");
        }
        String path;
        String url;
        if (sectionPath != null) {
            if (call.section().equalsIgnoreCase("LocationMatch")) {
                throw call.error("ProxyPassReverse cannot occur within <LocationMatch> section");
            }
            if (words.size() != 1) {
                throw call.error("ProxyPassReverse can not have a path when defined in a location.");
            }
            path = sectionPath;
            url = words.get(0);
        } else {
            if (words.size() != 2) {
                throw call.error("ProxyPassReverse needs a path when not defined in a location");
            }
            path = words.get(0);
            url = words.get(1);
        }
        call.dirConfig(ProxyDirConfig.KEY).reverse.add(new ReverseMapping(path, url));
    }
}
