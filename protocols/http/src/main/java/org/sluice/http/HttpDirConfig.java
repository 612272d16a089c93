package org.sluice.http;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sluice.access.HostnameLookups;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfigKey;

/**
 * The HTTP module's per-directory settings: what {@code <Directory>}, {@code <Files>} and
 * {@code <Location>} sections (and the server and host defaults) say, merged parent to child.
 */
final class HttpDirConfig {

    static final DirConfigKey<HttpDirConfig> KEY = DirConfigKey.of("http", HttpDirConfig::new, HttpDirConfig::merge);

    enum Option {
        INDEXES("Indexes"),
        FOLLOW_SYMLINKS("FollowSymLinks"),
        SYMLINKS_IF_OWNER_MATCH("SymLinksIfOwnerMatch"),
        EXEC_CGI("ExecCGI"),
        INCLUDES("Includes"),
        MULTIVIEWS("MultiViews");

        private final String keyword;

        Option(String keyword) {
            this.keyword = keyword;
        }

        /** The option's name in Apache's configuration. */
        String keyword() {
            return keyword;
        }

        /**
         * The options an {@code Options} word names, case-insensitively: one, or several for
         * {@code All} (everything but MultiViews, as in Apache); null for a word that is none.
         */
        static Set<Option> named(String word) {
            if (word.equalsIgnoreCase("all")) {
                return EnumSet.complementOf(EnumSet.of(MULTIVIEWS));
            }
            if (word.equalsIgnoreCase("includesnoexec")) {
                return EnumSet.of(INCLUDES);
            }
            for (Option option : values()) {
                if (option.keyword.equalsIgnoreCase(word)) {
                    return EnumSet.of(option);
                }
            }
            return null;
        }
    }

    /** The default when no Options directive applies (Apache 2.4's). */
    static final Set<Option> DEFAULT_OPTIONS = EnumSet.of(Option.FOLLOW_SYMLINKS);

    /** Absolute Options (null: inherit), and the +/- changes to apply over the parent's. */
    Set<Option> options;
    Set<Option> addOptions = EnumSet.noneOf(Option.class);
    /** Where the last {@code Options} of this section stands, for errors found later. */
    ConfigLocation optionsAt;
    /** Whether the words of the Options line at {@link #optionsAt} start with + or - (they must agree). */
    boolean optionsSigned;
    Set<Option> removeOptions = EnumSet.noneOf(Option.class);
    List<String> directoryIndex;
    Map<Integer, String> errorDocuments = new HashMap<>();
    /** mod_mime's mappings by file extension, and DefaultLanguage. */
    MimeMappings mime = MimeMappings.NONE;
    /** {@code AddDefaultCharset}'s charset, "" for Off; null to inherit (httpd's default is Off). */
    String addDefaultCharset;
    String forceType;
    String setHandler;
    /** {@code Header} lines, the parent's first. */
    List<HeaderRule> headers = new ArrayList<>();
    /** {@code <If>}, {@code <ElseIf>} and {@code <Else>} sections, the parent's first (httpd's {@code sec_if}). */
    List<IfSections.Section> ifSections = List.of();
    /** {@code RequestHeader} lines, the parent's first. */
    List<HeaderRule> requestHeaders = new ArrayList<>();
    /** Whether any of these rules is {@code early} (only the server's and virtual hosts' can be). */
    boolean earlyHeaders;
    /** {@code SetEnvIf} and {@code BrowserMatch} lines, the parent's first. */
    List<RequestEnvironment.Condition> envConditions = new ArrayList<>();
    /** {@code SetEnv}, {@code UnsetEnv} and {@code PassEnv} lines, the parent's first. */
    List<RequestEnvironment.Setting> envSettings = new ArrayList<>();
    /** The {@code Redirect} family in sections and access files: the innermost section's first. */
    List<Aliases.Redirect> redirects = new ArrayList<>();
    /** {@code ServerSignature}; null to inherit. */
    ServerSignature serverSignature;
    CanonicalName useCanonicalName;
    /** mod_expires' settings. */
    Expires expires = Expires.NONE;
    Boolean useCanonicalPhysicalPort;
    /** {@code LimitRequestBody} in bytes, 0 for no limit; null to inherit. */
    Long limitRequestBody;
    /** {@code FallbackResource}: a local URL, "" for {@code disabled}; null to inherit (none). */
    String fallbackResource;
    /** {@code DirectorySlash}; null to inherit (On). */
    Boolean directorySlash;
    /** {@code DirectoryCheckHandler}; null to inherit (Off). */
    Boolean directoryCheckHandler;
    /** {@code FileETag}, as this section says it; merged parent to child as httpd's core does. */
    FileETag fileETag = FileETag.UNSET;
    /** {@code EnableSendfile}; null to inherit (On). */
    Boolean enableSendfile;
    /** {@code LogIOTrackTTFB}; null to inherit (off). */
    Boolean trackTtfb;
    /** mod_rewrite's per-directory settings; null where none applies. */
    RewriteDirConfig rewrite;
    /** {@code HostnameLookups}; null to inherit (Off). */
    HostnameLookups hostnameLookups;
    /** {@code AcceptPathInfo}; null to inherit ({@code Default}). */
    AcceptPathInfo acceptPathInfo;
    /** {@code MaxRanges}: a positive number, or one of the {@code RANGES_} words; null to inherit. */
    Integer maxRanges;
    /** {@code LimitXMLRequestBody} in bytes (0: no limit); accepted and kept, as no handler here reads XML. */
    Long limitXmlRequestBody;
    /** {@code LanguagePriority}, the languages in order (lines of one section add up); null to inherit. */
    List<String> languagePriority;
    /** {@code ForceLanguagePriority}, the {@code VariantChoice.FORCE_} bits; 0 to inherit (Prefer). */
    int forceLanguagePriority;

    /** {@code AcceptPathInfo}: whether a file name may be followed by more path ({@code /a.txt/more}). */
    enum AcceptPathInfo {
        /** Served: the rest is the request's path info. */
        ON,
        /** 404, whatever the handler. */
        OFF,
        /** Each handler decides; the default handler answers 404, the status page serves. */
        DEFAULT
    }

    /** {@code MaxRanges none}: Range is ignored and {@code Accept-Ranges: none} said. */
    static final int RANGES_NONE = 0;
    /** {@code MaxRanges default}: httpd's 200. */
    static final int RANGES_DEFAULT = -2;
    /** {@code MaxRanges unlimited}. */
    static final int RANGES_UNLIMITED = -3;

    Set<Option> options() {
        Set<Option> result = EnumSet.noneOf(Option.class);
        result.addAll(options == null ? DEFAULT_OPTIONS : options);
        result.addAll(addOptions);
        result.removeAll(removeOptions);
        return result;
    }

    /** Whether FollowSymLinks applies, without building the option set. */
    boolean followSymlinks() {
        Set<Option> base = options == null ? DEFAULT_OPTIONS : options;
        return !removeOptions.contains(Option.FOLLOW_SYMLINKS)
                && (base.contains(Option.FOLLOW_SYMLINKS) || addOptions.contains(Option.FOLLOW_SYMLINKS));
    }

    /** The most body bytes a request here may send, 0 for no limit; Apache's default is 1 GiB. */
    long limitRequestBody() {
        return limitRequestBody == null ? HttpLimits.DEFAULT.requestBody() : limitRequestBody;
    }

    /** The charset AddDefaultCharset adds to text/plain and text/html types without one; null when Off. */
    String defaultCharset() {
        return addDefaultCharset == null || addDefaultCharset.isEmpty() ? null : addDefaultCharset;
    }

    /** The URL that serves paths mapping to no file, or null when none (or {@code disabled}) applies. */
    String fallbackResource() {
        return fallbackResource == null || fallbackResource.isEmpty() ? null : fallbackResource;
    }

    /** Whether a directory asked for without its trailing slash is redirected to it. */
    boolean directorySlash() {
        return directorySlash == null || directorySlash;
    }

    /** Whether a directory with a handler of its own is left to it, after the slash redirect. */
    boolean directoryCheckHandler() {
        return directoryCheckHandler != null && directoryCheckHandler;
    }

    /** Whether file bodies may go out with sendfile (a zero-copy file region). */
    boolean enableSendfile() {
        return enableSendfile == null || enableSendfile;
    }

    /** {@code LogIOTrackTTFB}: whether the time to the response's first byte is kept for {@code %^FB}. */
    boolean trackTtfb() {
        return trackTtfb != null && trackTtfb;
    }

    /** {@code AcceptPathInfo}, by default {@code Default} as in httpd. */
    AcceptPathInfo acceptPathInfo() {
        return acceptPathInfo == null ? AcceptPathInfo.DEFAULT : acceptPathInfo;
    }

    /** Whether {@code MaxRanges none} applies: no byte ranges are served here. */
    boolean rangesRefused() {
        return maxRanges != null && maxRanges == RANGES_NONE;
    }

    /** How many ranges one response may have ({@code MaxRanges}): 0 none, negative any number. */
    int maxRanges() {
        if (maxRanges == null || maxRanges == RANGES_DEFAULT) {
            return ByteRanges.DEFAULT_MAX_RANGES;
        }
        return maxRanges == RANGES_UNLIMITED ? -1 : maxRanges;
    }

    /** {@code UseCanonicalName}: where self-referential URLs take the server's name and port from. */
    enum CanonicalName { OFF, ON, DNS }

    /** {@code UseCanonicalName}, by default {@code Off} as in httpd. */
    CanonicalName useCanonicalName() {
        return useCanonicalName == null ? CanonicalName.OFF : useCanonicalName;
    }

    /** {@code UseCanonicalPhysicalPort}, by default {@code Off} as in httpd. */
    boolean useCanonicalPhysicalPort() {
        return useCanonicalPhysicalPort != null && useCanonicalPhysicalPort;
    }

    /** {@code HostnameLookups}, by default {@code Off} as in httpd. */
    HostnameLookups hostnameLookups() {
        return hostnameLookups == null ? HostnameLookups.OFF : hostnameLookups;
    }

    /** {@code ServerSignature}, by default {@code Off} as in httpd. */
    ServerSignature serverSignature() {
        return serverSignature == null ? ServerSignature.OFF : serverSignature;
    }

    /** {@code LanguagePriority}, or null when none applies. */
    List<String> languagePriority() {
        return languagePriority;
    }

    /** {@code ForceLanguagePriority} as {@code VariantChoice.FORCE_} bits, 0 when unset. */
    int forceLanguagePriority() {
        return forceLanguagePriority;
    }

    List<String> directoryIndex() {
        return directoryIndex == null ? List.of("index.html") : directoryIndex;
    }

    /** {@code list} and {@code added}, in a new list: configuration lists are never changed in place once merged. */
    static <T> List<T> append(List<T> list, T added) {
        List<T> longer = new ArrayList<>(list);
        longer.add(added);
        return List.copyOf(longer);
    }

    private static <T> List<T> joined(List<T> parent, List<T> child) {
        if (child.isEmpty()) {
            return parent;
        }
        List<T> both = new ArrayList<>(parent);
        both.addAll(child);
        return both;
    }

    static HttpDirConfig merge(HttpDirConfig parent, HttpDirConfig child) {
        HttpDirConfig m = new HttpDirConfig();
        if (child.options != null) {
            m.options = EnumSet.noneOf(Option.class);
            m.options.addAll(child.options);
        } else {
            m.options = parent.options();
        }
        m.options.addAll(child.addOptions);
        m.options.removeAll(child.removeOptions);
        m.optionsAt = child.optionsAt != null ? child.optionsAt : parent.optionsAt;
        m.directoryIndex = child.directoryIndex != null ? child.directoryIndex : parent.directoryIndex;
        m.errorDocuments = new HashMap<>(parent.errorDocuments);
        m.errorDocuments.putAll(child.errorDocuments);
        m.mime = MimeMappings.merge(parent.mime, child.mime);
        m.addDefaultCharset = child.addDefaultCharset != null ? child.addDefaultCharset : parent.addDefaultCharset;
        m.forceType = child.forceType != null ? child.forceType : parent.forceType;
        m.setHandler = child.setHandler != null ? child.setHandler : parent.setHandler;
        m.headers = new ArrayList<>(parent.headers);
        m.headers.addAll(child.headers);
        m.requestHeaders = new ArrayList<>(parent.requestHeaders);
        m.requestHeaders.addAll(child.requestHeaders);
        m.earlyHeaders = parent.earlyHeaders || child.earlyHeaders;
        m.envConditions = joined(parent.envConditions, child.envConditions);
        m.envSettings = joined(parent.envSettings, child.envSettings);
        if (!child.redirects.isEmpty() || !parent.redirects.isEmpty()) {
            // as mod_alias: the more specific section's redirects are tried first
            m.redirects = new ArrayList<>(child.redirects);
            m.redirects.addAll(parent.redirects);
        }
        m.serverSignature = child.serverSignature != null ? child.serverSignature : parent.serverSignature;
        m.expires = Expires.merge(parent.expires, child.expires);
        m.useCanonicalName = child.useCanonicalName != null ? child.useCanonicalName : parent.useCanonicalName;
        m.useCanonicalPhysicalPort = child.useCanonicalPhysicalPort != null ? child.useCanonicalPhysicalPort
                : parent.useCanonicalPhysicalPort;
        m.limitRequestBody = child.limitRequestBody != null ? child.limitRequestBody : parent.limitRequestBody;
        m.fallbackResource = child.fallbackResource != null ? child.fallbackResource : parent.fallbackResource;
        m.directorySlash = child.directorySlash != null ? child.directorySlash : parent.directorySlash;
        m.directoryCheckHandler = child.directoryCheckHandler != null ? child.directoryCheckHandler
                : parent.directoryCheckHandler;
        m.fileETag = parent.fileETag.merge(child.fileETag);
        m.enableSendfile = child.enableSendfile != null ? child.enableSendfile : parent.enableSendfile;
        m.trackTtfb = child.trackTtfb != null ? child.trackTtfb : parent.trackTtfb;
        m.rewrite = RewriteDirConfig.merge(parent.rewrite, child.rewrite);
        m.ifSections = joined(parent.ifSections, child.ifSections);
        m.hostnameLookups = child.hostnameLookups != null ? child.hostnameLookups : parent.hostnameLookups;
        m.acceptPathInfo = child.acceptPathInfo != null ? child.acceptPathInfo : parent.acceptPathInfo;
        m.maxRanges = child.maxRanges != null ? child.maxRanges : parent.maxRanges;
        m.limitXmlRequestBody = child.limitXmlRequestBody != null ? child.limitXmlRequestBody
                : parent.limitXmlRequestBody;
        m.languagePriority = child.languagePriority != null ? child.languagePriority : parent.languagePriority;
        m.forceLanguagePriority = child.forceLanguagePriority != 0 ? child.forceLanguagePriority
                : parent.forceLanguagePriority;
        return m;
    }
}
