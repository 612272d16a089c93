package org.sluice.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.access.HostnameLookups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;
import org.sluice.module.Registry;

/** The HTTP module's configuration directives, as Apache httpd 2.4 spells them. */
final class HttpDirectives {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDirectives.class);

    private static final Set<Scope> ANYWHERE = Directive.ANYWHERE;
    private static final Set<Scope> SERVER = Directive.SERVER_OR_VHOST;
    /** The override class of most directives {@code .htaccess} files may hold (Apache's OR_FILEINFO). */
    static final Set<OverrideClass> FILE_INFO = EnumSet.of(OverrideClass.FILE_INFO);
    /** Any AllowOverride class admits the directive (Apache's OR_ALL). */
    private static final Set<OverrideClass> ANY_OVERRIDE = EnumSet.allOf(OverrideClass.class);
    /** mod_dir's override class (Apache's OR_INDEXES). */
    private static final Set<OverrideClass> INDEXES = EnumSet.of(OverrideClass.INDEXES);

    private HttpDirectives() {
    }

    static void register(Registry r) {
        r.directive(Directive.of("KeepAlive", ArgShape.FLAG, SERVER,
                "Whether persistent connections should be On or Off", c -> server(c).keepAlive = c.flag()));
        r.directive(Directive.of("KeepAliveTimeout", ArgShape.TAKE1, SERVER,
                "Keep-Alive timeout duration (sec)", c -> server(c).keepAliveTimeout = Duration.ofSeconds(number(c, 1))));
        r.directive(Directive.of("RequestReadTimeout", ArgShape.ITERATE, SERVER,
                "Set various timeout parameters for reading request headers and body",
                HttpDirectives::requestReadTimeout));
        r.directive(Directive.of("MaxKeepAliveRequests", ArgShape.TAKE1, SERVER,
                "Maximum number of Keep-Alive requests per connection, or 0 for infinite",
                c -> server(c).maxKeepAliveRequests = (int) number(c, 0)));
        r.directive(Directive.of("LimitRequestLine", ArgShape.TAKE1, SERVER,
                "Limit on maximum size of an HTTP request line", c -> server(c).limitRequestLine = (int) number(c, 1)));
        r.directive(Directive.of("LimitRequestFields", ArgShape.TAKE1, SERVER,
                "Limit (0 = unlimited) on max number of header fields in a request message",
                c -> server(c).limitRequestFields = (int) number(c, 0)));
        r.directive(Directive.of("LimitRequestFieldSize", ArgShape.TAKE1, SERVER,
                "Limit on maximum size of an HTTP request header field",
                c -> server(c).limitRequestFieldSize = (int) number(c, 1)));
        r.directive(Directive.withOverrides("LimitRequestBody", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, ANY_OVERRIDE,
                "Limit (in bytes) on maximum size of request message body", c -> dir(c).limitRequestBody = number(c, 0)));
        r.directive(Directive.of("ServerTokens", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Determine tokens displayed in the Server: header - Min(imal), Major, Minor, Prod(uctOnly), OS, or Full",
                c -> server(c).serverTokens = word(c, ServerTokens.named(c.arg(0)), ServerTokens.USAGE)));
        r.directive(Directive.of("ServerAdmin", ArgShape.TAKE1, SERVER,
                "The email address of the server administrator", c -> server(c).serverAdmin = c.arg(0)));
        r.directive(Directive.withOverrides("ServerSignature", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS,
                ANY_OVERRIDE, "En-/disable server signature (on|off|email)",
                c -> dir(c).serverSignature = word(c, ServerSignature.named(c.arg(0)), ServerSignature.USAGE)));
        r.directive(Directive.of("TraceEnable", ArgShape.TAKE1, SERVER,
                "'on' (default), 'off' or 'extended' to trace request body content",
                c -> server(c).traceEnable = word(c, Trace.Mode.named(c.arg(0)), Trace.Mode.USAGE)));
        // the protocols a host offers (ALPN, Upgrade): Sluice speaks HTTP/1.1 only, as httpd
        // without mod_http2, so "h2" and "h2c" are offered by no one and HTTP/1.1 is served
        r.directive(Directive.of("Protocols", ArgShape.ITERATE, SERVER,
                "Protocols available for the server in order of preference", c -> {
                    if (!c.arg(0).matches("[A-Za-z0-9._/+-]+")) {
                        throw c.error("Protocols: invalid protocol name '" + c.arg(0) + "'");
                    }
                }));
        for (String name : List.of("MaxRequestWorkers", "MaxClients")) {
            r.directive(Directive.of(name, ArgShape.TAKE1, Directive.SERVER_ONLY,
                    "Maximum number of requests served at once; more wait up to Timeout for one to end",
                    c -> server(c).maxRequestWorkers = (int) Math.min(number(c, 1), Integer.MAX_VALUE)));
        }
        // httpd's second number bounds nested subrequests, which Sluice does not make
        r.directive(Directive.of("LimitInternalRecursion", ArgShape.TAKE12, SERVER,
                "maximum recursion depth of internal redirects and subrequests", c -> {
                    for (String value : c.args()) {
                        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
                            throw c.error("LimitInternalRecursion takes whole numbers of at least 1, not '" + value + "'");
                        }
                    }
                    server(c).maxInternalRedirects = Integer.parseInt(c.arg(0));
                }));
        r.directive(Directive.of("ProtocolsHonorOrder", ArgShape.FLAG, SERVER,
                "'off' (default) or 'on' to respect given order of protocols, by default the client specified"
                        + " order determines selection", c -> { }));
        r.directive(Directive.of("DocumentRoot", ArgShape.TAKE1, SERVER,
                "Root directory of the document tree", c -> {
                    Path root = c.resolve(c.arg(0));
                    c.checkPath(root, true);
                    server(c).documentRoot = root;
                }));
        r.directive(Directive.of("TypesConfig", ArgShape.TAKE1, SERVER,
                "The MIME types config file", c -> {
                    Path file = c.resolve(c.arg(0));
                    c.checkPath(file, false);
                    server(c).typesConfig = file;
                }));
        r.directive(Directive.withOverrides("DirectoryIndex", ArgShape.ITERATE, Directive.ANYWHERE_AND_HTACCESS, INDEXES,
                "a list of file names", HttpDirectives::directoryIndex));
        r.directive(Directive.withOverrides("FallbackResource", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, INDEXES,
                "Set a default handler",
                c -> dir(c).fallbackResource = c.arg(0).equalsIgnoreCase("disabled") ? "" : c.arg(0)));
        r.directive(Directive.of("UseCanonicalName", ArgShape.TAKE1, ANYWHERE,
                "How to work out the ServerName : Port when constructing URLs",
                c -> dir(c).useCanonicalName = switch (c.arg(0).toLowerCase(Locale.ROOT)) {
                    case "on" -> HttpDirConfig.CanonicalName.ON;
                    case "off" -> HttpDirConfig.CanonicalName.OFF;
                    case "dns" -> HttpDirConfig.CanonicalName.DNS;
                    default -> throw c.error("parameter must be 'on', 'off', or 'dns'");
                }));
        r.directive(Directive.of("HostnameLookups", ArgShape.TAKE1, ANYWHERE,
                "\"on\" to enable, \"off\" to disable reverse DNS lookups, or \"double\" to enable double-reverse"
                        + " DNS lookups", HttpDirectives::hostnameLookups));
        r.directive(Directive.of("UseCanonicalPhysicalPort", ArgShape.TAKE1, ANYWHERE,
                "Whether to use the physical Port when constructing URLs",
                c -> dir(c).useCanonicalPhysicalPort = switch (c.arg(0).toLowerCase(Locale.ROOT)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw c.error("parameter must be 'on' or 'off'");
                }));
        r.directive(Directive.withOverrides("DirectorySlash", ArgShape.FLAG, Directive.ANYWHERE_AND_HTACCESS, INDEXES,
                "On or Off", c -> dir(c).directorySlash = c.flag()));
        r.directive(Directive.withOverrides("DirectoryCheckHandler", ArgShape.FLAG, Directive.ANYWHERE_AND_HTACCESS, INDEXES,
                "On or Off", c -> dir(c).directoryCheckHandler = c.flag()));
        r.directive(Directive.withOverrides("FileETag", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "Specify components used to construct a file's ETag", HttpDirectives::fileETag));
        r.directive(Directive.withOverrides("EnableSendfile", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "Controls whether sendfile may be used to transmit files",
                c -> dir(c).enableSendfile = onOff(c)));
        r.directive(Directive.withOverrides("LogIOTrackTTFB", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS,
                ANY_OVERRIDE, "Set to 'ON' to enable tracking time to first byte",
                c -> dir(c).trackTtfb = onOff(c)));
        // Sluice reads files, never maps them: accepted so httpd's configurations run, and changes nothing
        r.directive(Directive.withOverrides("EnableMMAP", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "Controls whether memory-mapping may be used to read files (no effect: files are never mapped)",
                HttpDirectives::onOff));
        r.directive(Directive.withOverrides("ErrorDocument", ArgShape.TAKE2, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "Change responses for HTTP errors", HttpDirectives::errorDocument));
        r.directive(Directive.withOverrides("Options", ArgShape.ITERATE, Directive.ANYWHERE_AND_HTACCESS, EnumSet.of(OverrideClass.OPTIONS),
                "Set a number of attributes for a given directory", HttpDirectives::options));
        r.directive(Directive.withOverrides("ForceType", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "a mime type that overrides other configured type",
                c -> dir(c).forceType = c.arg(0).equalsIgnoreCase("none") ? "" : c.arg(0)));
        r.directive(Directive.withOverrides("SetHandler", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "a handler name that overrides any other configured handler",
                c -> dir(c).setHandler = c.arg(0).equalsIgnoreCase("none") ? "" : c.arg(0).toLowerCase(Locale.ROOT)));
        r.directive(Directive.withOverrides("Header", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "an optional condition, an action, header and value followed by optional env clause",
                c -> addHeaderRule(dir(c), HeaderRule.parse(c, false))));
        r.directive(Directive.withOverrides("RequestHeader", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS,
                FILE_INFO, "an action, header and value followed by optional env clause",
                c -> addHeaderRule(dir(c), HeaderRule.parse(c, true))));
        r.directive(Directive.withOverrides("AcceptPathInfo", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "Set to on or off for PATH_INFO to be accepted by handlers, or default for the per-handler preference",
                c -> dir(c).acceptPathInfo = switch (c.arg(0).toLowerCase(Locale.ROOT)) {
                    case "on" -> HttpDirConfig.AcceptPathInfo.ON;
                    case "off" -> HttpDirConfig.AcceptPathInfo.OFF;
                    case "default" -> HttpDirConfig.AcceptPathInfo.DEFAULT;
                    default -> throw c.error("AcceptPathInfo must be set to on, off or default");
                }));
        r.directive(Directive.of("MaxRanges", ArgShape.TAKE1, ANYWHERE,
                "Maximum number of Ranges in a request before returning the entire resource, or 0 for unlimited",
                HttpDirectives::maxRanges));
        // Sluice has no handler that reads XML bodies: checked and kept, as httpd's core keeps it for them
        r.directive(Directive.withOverrides("LimitXMLRequestBody", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS,
                ANY_OVERRIDE, "Limit (in bytes) on maximum size of an XML-based request body",
                HttpDirectives::limitXmlRequestBody));
        r.directive(Directive.withOverrides("DefaultType", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS, FILE_INFO,
                "the default media type for otherwise untyped files (DEPRECATED)", c -> {
                    if (!c.arg(0).equalsIgnoreCase("none") && !c.arg(0).equalsIgnoreCase("off")) {
                        LOG.warn("Ignoring deprecated use of DefaultType in line {} of {}.", c.location().line(),
                                c.location().file());
                    }
                }));
        r.directive(Directive.of("HttpProtocolOptions", ArgShape.ITERATE, SERVER,
                "'Allow0.9' or 'Require1.0' (default); 'RegisteredMethods' or 'LenientMethods' (default);"
                        + " 'Unsafe' or 'Strict' (default). Sets HTTP acceptance rules",
                HttpDirectives::httpProtocolOptions));
        r.directive(Directive.of("ExtendedStatus", ArgShape.FLAG, Directive.SERVER_ONLY,
                "\"On\" to track extended status information, \"Off\" to disable",
                c -> server(c).extendedStatus = c.flag()));
        r.directive(Directive.of("SeeRequestTail", ArgShape.FLAG, Directive.SERVER_ONLY,
                "For extended status, \"On\" to see the last 63 chars of the request line,"
                        + " \"Off\" (default) to see the first 63",
                c -> server(c).seeRequestTail = c.flag()));
        r.directive(Directive.section("Directory", ANYWHERE,
                "Container for directives affecting resources located in the specified directories",
                c -> directorySection(c, "Directory", false)));
        r.directive(Directive.section("DirectoryMatch", ANYWHERE,
                "Container for directives affecting resources located in the specified directories",
                c -> directorySection(c, "DirectoryMatch", true)));
        // in .htaccess too, under any AllowOverride class (httpd's OR_ALL)
        r.directive(Directive.sectionWithOverrides("Files", Directive.ANYWHERE_AND_HTACCESS, ANY_OVERRIDE,
                "Container for directives affecting files matching specified patterns",
                c -> filesSection(c, "Files", false)));
        r.directive(Directive.sectionWithOverrides("FilesMatch", Directive.ANYWHERE_AND_HTACCESS, ANY_OVERRIDE,
                "Container for directives affecting files matching specified patterns",
                c -> filesSection(c, "FilesMatch", true)));
    }

    private static HttpServerConfig server(DirectiveCall c) {
        return c.serverConfig(HttpServerConfig.KEY);
    }

    private static HttpDirConfig dir(DirectiveCall c) {
        return c.dirConfig(HttpDirConfig.KEY);
    }

    private static void hostnameLookups(DirectiveCall c) throws ConfigException {
        try {
            dir(c).hostnameLookups = HostnameLookups.parse(c.arg(0));
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    private static void requestReadTimeout(DirectiveCall c) throws ConfigException {
        RequestReadTimeout.Setting setting;
        try {
            setting = RequestReadTimeout.parse(c.arg(0));
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
        switch (setting.stage()) {
            case "header" -> server(c).headerTimeout = setting.limit();
            case "body" -> server(c).bodyTimeout = setting.limit();
            default -> { } // handshake: TLS's stage
        }
    }

    private static void maxRanges(DirectiveCall c) throws ConfigException {
        String word = c.arg(0);
        int value;
        if (word.equalsIgnoreCase("none")) {
            value = HttpDirConfig.RANGES_NONE;
        } else if (word.equalsIgnoreCase("default")) {
            value = HttpDirConfig.RANGES_DEFAULT;
        } else if (word.equalsIgnoreCase("unlimited")) {
            value = HttpDirConfig.RANGES_UNLIMITED;
        } else {
            value = (int) LeadingNumber.of(word);
            if (value <= 0) {
                throw c.error("MaxRanges requires 'none', 'default', 'unlimited' or a positive integer");
            }
        }
        dir(c).maxRanges = value;
    }

    private static void limitXmlRequestBody(DirectiveCall c) throws ConfigException {
        long value = LeadingNumber.of(c.arg(0));
        if (value < 0) {
            throw c.error("LimitXMLRequestBody requires a non-negative integer.");
        }
        dir(c).limitXmlRequestBody = value;
    }

    /**
     * Sluice's parser is always strict, and takes HTTP/1.0 and 1.1 only: the words that say so
     * are accepted, the ones that would loosen it refused, and {@code RegisteredMethods} refuses
     * unknown methods early, as httpd does.
     */
    private static void httpProtocolOptions(DirectiveCall c) throws ConfigException {
        String word = c.arg(0);
        HttpServerConfig s = server(c);
        Boolean registered = switch (word.toLowerCase(Locale.ROOT)) {
            case "strict", "require1.0" -> null;
            case "registeredmethods" -> true;
            case "lenientmethods" -> false;
            case "unsafe", "allow0.9" -> throw c.error("HttpProtocolOptions " + word + " is not supported: Sluice always"
                    + " parses requests strictly (RFC 9112) and answers HTTP/1.0 and 1.1 only, as 'Strict' and"
                    + " 'Require1.0' say; remove '" + word + "'");
            default -> throw c.error("HttpProtocolOptions accepts 'Unsafe' or 'Strict' (default), 'RegisteredMethods'"
                    + " or 'LenientMethods' (default), and 'Require1.0' or 'Allow0.9' (default)");
        };
        if (registered != null) {
            // as httpd, the words add up over the server's lines: both kinds cannot be had
            if (s.registeredMethods != null && !s.registeredMethods.equals(registered)) {
                throw c.error("HttpProtocolOptions 'RegisteredMethods' and 'LenientMethods' are mutually exclusive");
            }
            s.registeredMethods = registered;
        }
    }

    private static long number(DirectiveCall c, long min) throws ConfigException {
        try {
            long value = Long.parseLong(c.arg(0));
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw c.error(c.name() + " takes a whole number of at least " + min + ", not '" + c.arg(0) + "'");
    }

    /** {@code value}, the keyword the directive's argument named, or the directive's {@code usage} error when none. */
    private static <T> T word(DirectiveCall c, T value, String usage) throws ConfigException {
        if (value == null) {
            throw c.error(usage);
        }
        return value;
    }

    private static void directoryIndex(DirectiveCall c) {
        HttpDirConfig d = dir(c);
        if (c.arg(0).equalsIgnoreCase("disabled")) {
            d.directoryIndex = List.of();
            return;
        }
        List<String> list = d.directoryIndex == null ? new ArrayList<>() : new ArrayList<>(d.directoryIndex);
        list.add(c.arg(0));
        d.directoryIndex = list;
    }

    private static void fileETag(DirectiveCall c) throws ConfigException {
        if (c.args().isEmpty()) {
            return;
        }
        HttpDirConfig d = dir(c);
        try {
            d.fileETag = d.fileETag.with(c.args());
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    /** The argument of httpd's core switches that take {@code on} or {@code off}, in any case. */
    private static boolean onOff(DirectiveCall c) throws ConfigException {
        if (c.arg(0).equalsIgnoreCase("on")) {
            return true;
        }
        if (c.arg(0).equalsIgnoreCase("off")) {
            return false;
        }
        throw c.error("parameter must be 'on' or 'off'");
    }

    private static void errorDocument(DirectiveCall c) throws ConfigException {
        int status;
        try {
            status = Integer.parseInt(c.arg(0));
        } catch (NumberFormatException e) {
            throw c.error("ErrorDocument: '" + c.arg(0) + "' is not a status code");
        }
        if (status < 400 || status > 599) {
            throw c.error("Unsupported HTTP response code " + status + " (ErrorDocument takes 4xx and 5xx)");
        }
        String what = c.arg(1);
        if (what.equals("default")) {
            dir(c).errorDocuments.put(status, "");
        } else {
            dir(c).errorDocuments.put(status, what);
        }
    }

    private static void options(DirectiveCall c) throws ConfigException {
        HttpDirConfig d = dir(c);
        String word = c.arg(0);
        char sign = word.charAt(0);
        String name = sign == '+' || sign == '-' ? word.substring(1) : word;
        Set<HttpDirConfig.Option> named = name.equalsIgnoreCase("none")
                ? EnumSet.noneOf(HttpDirConfig.Option.class) : HttpDirConfig.Option.named(name);
        if (named == null) {
            throw c.error("Illegal option " + name);
        }
        boolean signed = sign == '+' || sign == '-';
        if (c.location().equals(d.optionsAt) && signed != d.optionsSigned) {
            throw c.error("Either all Options must start with + or -, or no Option may.");
        }
        d.optionsAt = c.location();
        d.optionsSigned = signed;
        if (sign == '+') {
            d.addOptions.addAll(named);
            d.removeOptions.removeAll(named);
        } else if (sign == '-') {
            d.removeOptions.addAll(named);
            d.addOptions.removeAll(named);
        } else {
            // an absolute option replaces what the parent said (and earlier words of this line add up)
            if (d.options == null || !d.addOptions.isEmpty() || !d.removeOptions.isEmpty()) {
                d.options = EnumSet.noneOf(HttpDirConfig.Option.class);
                d.addOptions.clear();
                d.removeOptions.clear();
            }
            d.options.addAll(named);
        }
    }

    private static void addHeaderRule(HttpDirConfig d, HeaderRule rule) {
        (rule.request() ? d.requestHeaders : d.headers).add(rule);
        d.earlyHeaders |= rule.early();
    }

    private static void directorySection(DirectiveCall c, String kind, boolean regex) throws ConfigException {
        SectionArgument section = sectionArgument(c, kind, "the directory it applies to", regex);
        String argument = section.argument();
        if (!section.regex()) {
            // a trailing slash is not part of the name: /var/www/ is /var/www
            String resolved = c.resolve(argument).toString();
            argument = resolved.length() > 1 && resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved;
        }
        c.processSection("Directory", argument, section.regex());
    }

    private static void filesSection(DirectiveCall c, String kind, boolean regex) throws ConfigException {
        SectionArgument section = sectionArgument(c, kind, "the file name or pattern it applies to", regex);
        c.processSection("Files", section.argument(), section.regex());
    }

    /** A section's argument, and whether it is a regex: by the section's kind, or by a leading {@code ~}. */
    private record SectionArgument(String argument, boolean regex) {
    }

    private static SectionArgument sectionArgument(DirectiveCall c, String kind, String what, boolean regex)
            throws ConfigException {
        List<String> args = c.args();
        if (args.size() == 2 && args.get(0).equals("~")) {
            return new SectionArgument(args.get(1), true);
        }
        if (args.size() == 1) {
            return new SectionArgument(args.get(0), regex);
        }
        throw c.error("<" + kind + "> takes one argument, " + what);
    }
}
